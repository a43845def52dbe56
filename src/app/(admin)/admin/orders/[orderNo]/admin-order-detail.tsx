'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { CasesTable } from '@/components/orders/cases-table';
import { Fact, FactGrid, PackageLine, ReceiverCard, When } from '@/components/orders/order-parts';
import { RefundForm } from '@/components/orders/refund-form';
import { ShipForm } from '@/components/orders/ship-form';
import { OrderStatusBadge } from '@/components/orders/status-badge';
import { OrderTimeline } from '@/components/orders/timeline';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

/** One order for staff: facts, receiver, items by who ships them (staff ship the platform's), refund, after-sales, timeline. */
export function AdminOrderDetail({ orderNo }: { orderNo: string }) {
  const t = useTranslations('orders');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.admin.orders.get.queryOptions({ orderNo }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.admin.orders.pathKey() });
  const ship = useMutation(trpc.admin.orders.ship.mutationOptions({ onSuccess: refresh }));
  const refund = useMutation(trpc.admin.orders.refund.mutationOptions({ onSuccess: refresh }));

  if (detail.error) return <ErrorMessage error={detail.error} />;
  const o = detail.data;
  if (!o) return <p className="text-sm text-slate-500">{common('loading')}</p>;

  return (
    <div className="flex flex-col gap-4">
      <Card title={<span className="flex items-center gap-2">{t('detail.summary')} <OrderStatusBadge status={o.status} /></span>}>
        <FactGrid>
          <Fact label={t('detail.distributor')}>
            <Link href={`/admin/distributors/${o.distributor.id}`} className="text-brand-700 hover:underline">
              {o.distributor.code} · {o.distributor.name}
            </Link>
          </Fact>
          <Fact label={t('detail.mallOrderNo')}>
            <span className="font-mono text-xs">{o.mallOrderNo}</span>
          </Fact>
          <Fact label={t('detail.createdAt')}>
            <When at={o.createdAt} />
          </Fact>
          {o.status === 'pending_payment' ? (
            <Fact label={t('detail.expiresAt')}>
              <When at={o.expiresAt} />
            </Fact>
          ) : (
            <Fact label={t('detail.paidAt')}>
              <When at={o.paidAt} />
            </Fact>
          )}
          <Fact label={t('detail.goodsAmount')}>{formatFen(o.goodsAmount, { currency: true })}</Fact>
          <Fact label={t('detail.freight')}>{formatFen(o.freight, { currency: true })}</Fact>
          <Fact label={t('detail.totalAmount')} testId="order-total">
            {formatFen(o.totalAmount, { currency: true })}
          </Fact>
          <Fact label={t('detail.shippedAt')}>
            <When at={o.shippedAt} />
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
          {o.groups.map((g) => (
            <section key={g.owner.kind === 'platform' ? 'platform' : g.owner.id} data-testid={`group-${g.owner.kind}`} className="flex flex-col gap-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-800">
                  {g.owner.kind === 'platform' ? t('detail.platformPackage') : t('detail.supplierPackage', { name: g.owner.name })}
                </h3>
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
                  { key: 'cost', header: t('detail.costPrice'), cell: (i) => formatFen(i.costPrice), className: 'text-right tabular-nums text-slate-500' },
                ]}
              />
              {g.owner.kind === 'platform' && o.canShip && (
                <ShipForm orderNo={o.orderNo} onShip={(input) => ship.mutate(input)} pending={ship.isPending} error={ship.error} result={ship.data} />
              )}
            </section>
          ))}
          {o.status === 'pending_payment' && <p className="text-sm text-slate-500">{t('detail.notYetPaid')}</p>}
        </div>
      </Card>
      {o.canRefund && (
        <RefundForm hint={t('refund.staffHint')} onRefund={(reason) => refund.mutate({ orderNo: o.orderNo, reason })} pending={refund.isPending} error={refund.error} />
      )}
      {o.cases.length > 0 && (
        <Card title={t('afterSales.cases')}>
          <CasesTable rows={o.cases} empty="" caseHref={(id) => `/admin/orders/after-sales/${id}`} orderHref={(no) => `/admin/orders/${no}`} />
        </Card>
      )}
      <OrderTimeline entries={o.timeline} />
    </div>
  );
}
