'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { CasesTable } from '@/components/orders/cases-table';
import { Fact, PackageLine, ReceiverCard } from '@/components/orders/order-parts';
import { OrderSummary, PricedItems } from '@/components/orders/order-summary';
import { RefundForm } from '@/components/orders/refund-form';
import { CorrectTracking } from '@/components/orders/correct-tracking';
import { ShipForm } from '@/components/orders/ship-form';
import { OrderTimeline } from '@/components/orders/timeline';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
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
  const correct = useMutation(trpc.admin.orders.correctTracking.mutationOptions({ onSuccess: refresh }));
  const refund = useMutation(trpc.admin.orders.refund.mutationOptions({ onSuccess: refresh }));

  if (detail.error) return <ErrorMessage error={detail.error} />;
  const o = detail.data;
  if (!o) return <p className="text-sm text-slate-500">{common('loading')}</p>;

  return (
    <div className="flex flex-col gap-4">
      <OrderSummary
        order={o}
        lead={
          <Fact label={t('detail.distributor')}>
            <Link href={`/admin/distributors/${o.distributor.id}`} className="text-brand-700 hover:underline">
              {o.distributor.code} · {o.distributor.name}
            </Link>
          </Fact>
        }
      />
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
              <PricedItems items={g.items} />
              {g.owner.kind === 'platform' && o.canShip && (
                <ShipForm orderNo={o.orderNo} onShip={(input) => ship.mutate(input)} pending={ship.isPending} error={ship.error} result={ship.data} />
              )}
              {g.owner.kind === 'platform' && g.package && (o.status === 'paid' || o.status === 'shipped') && (
                <CorrectTracking orderNo={o.orderNo} shipped={g.package} onCorrect={(input) => correct.mutate(input)} pending={correct.isPending} error={correct.error} result={correct.data} />
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
