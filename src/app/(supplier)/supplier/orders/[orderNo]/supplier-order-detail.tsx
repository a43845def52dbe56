'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { Fact, FactGrid, PackageLine, ReceiverCard, When } from '@/components/orders/order-parts';
import { CorrectTracking } from '@/components/orders/correct-tracking';
import { ShipForm } from '@/components/orders/ship-form';
import { OrderStatusBadge } from '@/components/orders/status-badge';
import { OrderTimeline } from '@/components/orders/timeline';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

/** An order as its supplier sees it: its items, where they go, its package (and the form to send it), read-only refunds. */
export function SupplierOrderDetail({ orderNo }: { orderNo: string }) {
  const t = useTranslations('orders');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.supplier.orders.get.queryOptions({ orderNo }));
  const ship = useMutation(trpc.supplier.orders.ship.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.supplier.orders.pathKey() }) }));
  const correct = useMutation(
    trpc.supplier.orders.correctTracking.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.supplier.orders.pathKey() }) }),
  );

  if (detail.error) return <ErrorMessage error={detail.error} />;
  const o = detail.data;
  if (!o) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  const closed = ['cancelled', 'expired'].includes(o.status);

  return (
    <div className="flex flex-col gap-4">
      {o.status === 'refunded' && o.refundedAt && (
        <p role="status" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="refunded-notice">
          {t('detail.refundedNotice', { time: format.dateTime(o.refundedAt, { dateStyle: 'short', timeStyle: 'short' }), reason: o.refundReason ?? '' })}
        </p>
      )}
      {closed && (
        <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {t('detail.closedNotice', { status: t(`status.${o.status}`) })}
        </p>
      )}
      <Card title={<span className="flex items-center gap-2">{t('detail.summary')} <OrderStatusBadge status={o.status} /></span>}>
        <FactGrid>
          <Fact label={t('detail.createdAt')}>
            <When at={o.createdAt} />
          </Fact>
          <Fact label={t('detail.paidAt')}>
            <When at={o.paidAt} />
          </Fact>
          <Fact label={t('detail.shippedAt')}>
            <When at={o.shippedAt} />
          </Fact>
          <Fact label={t('detail.completedAt')}>
            <When at={o.completedAt} />
          </Fact>
          {o.earned !== null && (
            <Fact label={t('detail.earned')} testId="order-earned">
              {formatFen(o.earned, { currency: true })}
            </Fact>
          )}
        </FactGrid>
      </Card>
      <ReceiverCard receiver={o.receiver} remark={o.remark} />
      <Card title={t('ship.mine')} actions={<PackageLine pkg={o.myPackage} />}>
        <div className="flex flex-col gap-4">
          <DataTable
            rows={o.items}
            rowKey={(i) => i.skuCode}
            empty=""
            columns={[
              { key: 'sku', header: t('detail.sku'), cell: (i) => <span className="font-mono text-xs">{i.skuCode}</span> },
              { key: 'title', header: t('detail.product'), cell: (i) => i.title },
              { key: 'qty', header: t('detail.quantity'), cell: (i) => i.quantity, className: 'text-right tabular-nums' },
              { key: 'supply', header: t('detail.supplyPrice'), cell: (i) => formatFen(i.supplyPrice, { currency: true }), className: 'text-right tabular-nums' },
              { key: 'freight', header: t('detail.freight'), cell: (i) => formatFen(i.freight, { currency: true }), className: 'text-right tabular-nums' },
              { key: 'amount', header: t('detail.amount'), cell: (i) => formatFen(i.amount, { currency: true }), className: 'text-right tabular-nums' },
            ]}
          />
          {o.canShip && <ShipForm orderNo={o.orderNo} onShip={(input) => ship.mutate(input)} pending={ship.isPending} error={ship.error} result={ship.data} />}
          {o.myPackage && (o.status === 'paid' || o.status === 'shipped') && (
            <CorrectTracking orderNo={o.orderNo} shipped={o.myPackage} onCorrect={(input) => correct.mutate(input)} pending={correct.isPending} error={correct.error} result={correct.data} />
          )}
          {o.status === 'pending_payment' && <p className="text-sm text-slate-500">{t('detail.notYetPaid')}</p>}
        </div>
      </Card>
      <OrderTimeline entries={o.timeline} />
    </div>
  );
}
