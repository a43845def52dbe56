'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CasesTable } from '@/components/orders/cases-table';
import { Fact, FactGrid, PackageLine, ReceiverCard, When } from '@/components/orders/order-parts';
import { RefundForm } from '@/components/orders/refund-form';
import { OrderStatusBadge } from '@/components/orders/status-badge';
import { OrderTimeline } from '@/components/orders/timeline';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { AFTER_SALES_TYPES } from '@/server/domain/after-sales/schemas';

/** One of the distributor's orders: what it paid, its packages, refund (unshipped) or after-sales (shipped), timeline. */
export function DistributorOrderDetail({ orderNo }: { orderNo: string }) {
  const t = useTranslations('orders');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.distributor.orders.get.queryOptions({ orderNo }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.distributor.pathKey() });
  const refund = useMutation(trpc.distributor.orders.refund.mutationOptions({ onSuccess: refresh }));

  if (detail.error) return <ErrorMessage error={detail.error} />;
  const o = detail.data;
  if (!o) return <p className="text-sm text-slate-500">{common('loading')}</p>;

  return (
    <div className="flex flex-col gap-4">
      <Card title={<span className="flex items-center gap-2">{t('detail.summary')} <OrderStatusBadge status={o.status} /></span>}>
        <FactGrid>
          <Fact label={t('detail.mallOrderNo')}>
            <span className="font-mono text-xs">{o.mallOrderNo}</span>
          </Fact>
          <Fact label={t('detail.createdAt')}>
            <When at={o.createdAt} />
          </Fact>
          <Fact label={o.status === 'pending_payment' ? t('detail.expiresAt') : t('detail.paidAt')}>
            <When at={o.status === 'pending_payment' ? o.expiresAt : o.paidAt} />
          </Fact>
          <Fact label={t('detail.shippedAt')}>
            <When at={o.shippedAt} />
          </Fact>
          <Fact label={t('detail.goodsAmount')}>{formatFen(o.goodsAmount, { currency: true })}</Fact>
          <Fact label={t('detail.freight')}>{formatFen(o.freight, { currency: true })}</Fact>
          <Fact label={t('detail.totalAmount')} testId="order-total">
            {formatFen(o.totalAmount, { currency: true })}
          </Fact>
          {o.completedAt && (
            <Fact label={t('detail.completedAt')}>
              <When at={o.completedAt} />
            </Fact>
          )}
          {o.refundedAt && (
            <>
              <Fact label={t('detail.refundedAt')}>
                <When at={o.refundedAt} />
              </Fact>
              <Fact label={t('detail.refundReason')}>{o.refundReason}</Fact>
            </>
          )}
        </FactGrid>
      </Card>
      <ReceiverCard receiver={o.receiver} remark={o.remark} />
      <Card title={t('detail.items')}>
        <div className="flex flex-col gap-5">
          {o.groups.map((g, n) => (
            <section key={n} className="flex flex-col gap-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-800">{t('detail.package', { n: n + 1 })}</h3>
                <PackageLine pkg={g.package} />
              </div>
              <DataTable
                rows={g.items}
                rowKey={(i) => i.skuCode}
                empty=""
                columns={[
                  { key: 'sku', header: t('detail.sku'), cell: (i) => <span className="font-mono text-xs">{i.skuCode}</span> },
                  { key: 'title', header: t('detail.product'), cell: (i) => i.title },
                  { key: 'qty', header: t('detail.quantity'), cell: (i) => i.quantity, className: 'text-right tabular-nums' },
                  { key: 'unit', header: t('detail.unitPrice'), cell: (i) => formatFen(i.unitPrice), className: 'text-right tabular-nums' },
                  { key: 'amount', header: t('detail.amount'), cell: (i) => formatFen(i.amount), className: 'text-right tabular-nums' },
                ]}
              />
            </section>
          ))}
        </div>
      </Card>
      {o.canRefund && (
        <RefundForm hint={t('refund.distributorHint')} onRefund={(reason) => refund.mutate({ orderNo: o.orderNo, reason })} pending={refund.isPending} error={refund.error} />
      )}
      {o.canOpenCase && <OpenCaseForm orderNo={o.orderNo} onOpened={refresh} />}
      {o.cases.length > 0 && (
        <Card title={t('afterSales.cases')}>
          <CasesTable rows={o.cases} empty="" caseHref={(id) => `/distributor/after-sales/${id}`} orderHref={(no) => `/distributor/orders/${no}`} />
        </Card>
      )}
      <OrderTimeline entries={o.timeline} />
    </div>
  );
}

/** Recording an after-sales case on a shipped order: type, reason, and the resolution if already known. */
function OpenCaseForm({ orderNo, onOpened }: { orderNo: string; onOpened: () => void }) {
  const t = useTranslations('orders.afterSales');
  const trpc = useTRPC();
  const [type, setType] = useState<(typeof AFTER_SALES_TYPES)[number]>('refund');
  const [reason, setReason] = useState('');
  const [resolution, setResolution] = useState('');
  const open = useMutation(
    trpc.distributor.afterSales.open.mutationOptions({
      onSuccess: () => {
        setReason('');
        setResolution('');
        onOpened();
      },
    }),
  );
  return (
    <Card title={t('open')}>
      <form
        className="flex flex-col gap-3"
        data-testid="open-case-form"
        onSubmit={(e) => {
          e.preventDefault();
          open.mutate({ orderNo, type, reason: reason.trim(), resolution: resolution.trim() });
        }}
      >
        <p className="text-sm text-slate-600">{t('openHint')}</p>
        <div className="flex flex-wrap items-end gap-3">
          <Field label={t('type')} htmlFor="case-type">
            <Select id="case-type" className="w-40" value={type} onChange={(e) => setType(e.target.value as typeof type)}>
              {AFTER_SALES_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`types.${ty}`)}
                </option>
              ))}
            </Select>
          </Field>
          <div className="min-w-64 flex-1">
            <Field label={t('reason')} htmlFor="case-reason">
              <Input id="case-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
            </Field>
          </div>
          <div className="min-w-64 flex-1">
            <Field label={t('resolution')} htmlFor="case-resolution" hint={t('resolutionHint')}>
              <Input id="case-resolution" value={resolution} onChange={(e) => setResolution(e.target.value)} maxLength={500} />
            </Field>
          </div>
        </div>
        <ErrorMessage error={open.error} />
        {open.data && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
            {t('opened', { id: open.data.id })}
          </p>
        )}
        <div>
          <Button type="submit" disabled={open.isPending}>
            {t('submitOpen')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
