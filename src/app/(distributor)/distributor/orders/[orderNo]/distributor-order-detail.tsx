'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CasesTable } from '@/components/orders/cases-table';
import { PackageLine, ReceiverCard } from '@/components/orders/order-parts';
import { OrderSummary, PricedItems } from '@/components/orders/order-summary';
import { RefundForm } from '@/components/orders/refund-form';
import { OrderTimeline } from '@/components/orders/timeline';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
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
      <OrderSummary order={o} />
      <ReceiverCard receiver={o.receiver} remark={o.remark} />
      <Card title={t('detail.items')}>
        <div className="flex flex-col gap-5">
          {o.groups.map((g, n) => (
            <section key={n} className="flex flex-col gap-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-800">{t('detail.package', { n: n + 1 })}</h3>
                <PackageLine pkg={g.package} />
              </div>
              <PricedItems items={g.items} />
            </section>
          ))}
        </div>
      </Card>
      {o.canRefund && (
        <RefundForm hint={t('refund.distributorHint')} onRefund={(reason) => refund.mutate({ orderNo: o.orderNo, reason })} pending={refund.isPending} error={refund.error} />
      )}
      {o.canSimulateShipment && <SimulateShipment orderNo={o.orderNo} onShipped={refresh} />}
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

/** Test mode: nobody ships a test order, so the distributor ships it itself to see its mall's order.shipped. */
function SimulateShipment({ orderNo, onShipped }: { orderNo: string; onShipped: () => void }) {
  const t = useTranslations('orders.simulateShipment');
  const trpc = useTRPC();
  const simulate = useMutation(trpc.distributor.orders.simulateShipment.mutationOptions({ onSuccess: onShipped }));
  return (
    <Card title={t('title')}>
      <div className="flex flex-col gap-3" data-testid="simulate-shipment">
        <p className="text-sm text-slate-600">{t('hint')}</p>
        <ErrorMessage error={simulate.error} />
        <div>
          <Button disabled={simulate.isPending} onClick={() => window.confirm(t('confirm')) && simulate.mutate({ orderNo })}>
            {simulate.isPending ? t('submitting') : t('submit')}
          </Button>
        </div>
      </div>
    </Card>
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
