'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { CsvShipping } from '@/components/orders/csv-shipping';
import { OrderFilters, type OrderFilterValues } from '@/components/orders/order-filters';
import { When } from '@/components/orders/order-parts';
import { OrdersChart } from '@/components/orders/orders-chart';
import { OrderStatusBadge } from '@/components/orders/status-badge';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Pagination } from '@/components/ui/pagination';
import { DataTable } from '@/components/ui/table';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

const CHART_DAYS = 14;

/** Staff's orders: the chart of recent days, the filtered list, and bulk shipping of the platform's packages. */
export function AdminOrders() {
  const t = useTranslations('orders');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filters = useListFilters<OrderFilterValues>();
  const list = useQuery(trpc.admin.orders.list.queryOptions({ ...filters.filters, page: filters.page, pageSize: 20 }, { placeholderData: keepPreviousData }));
  const perDay = useQuery(trpc.admin.orders.perDay.queryOptions({ days: CHART_DAYS }));
  const toShip = useQuery(trpc.admin.orders.toShipCount.queryOptions());
  const shipMany = useMutation(trpc.admin.orders.shipMany.mutationOptions());

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <OrdersChart data={perDay.data ?? []} days={CHART_DAYS} />
      </Card>
      <OrderFilters filters={filters} toShipLabel={`${t('filters.toShipStaff')}${toShip.data !== undefined ? `（${toShip.data}）` : ''}`} />
      <ErrorMessage error={list.error} />
      <DataTable
        rows={list.data?.rows ?? []}
        rowKey={(o) => o.orderNo}
        empty={list.isLoading ? common('loading') : t('noOrders')}
        columns={[
          {
            key: 'no',
            header: t('columns.orderNo'),
            cell: (o) => (
              <div>
                <Link href={`/admin/orders/${o.orderNo}`} className="font-mono text-xs text-brand-700 hover:underline">
                  {o.orderNo}
                </Link>
                <div className="font-mono text-xs text-slate-500">{o.mallOrderNo}</div>
              </div>
            ),
          },
          { key: 'distributor', header: t('columns.distributor'), cell: (o) => <span title={o.distributor.name}>{o.distributor.code}</span> },
          {
            key: 'items',
            header: t('columns.items'),
            cell: (o) => (
              <ul className="text-xs">
                {o.items.map((i) => (
                  <li key={i.skuCode}>
                    {i.title} × {i.quantity} <span className="text-slate-500">· {i.owner ?? t('platform')}</span>
                  </li>
                ))}
              </ul>
            ),
          },
          { key: 'amount', header: t('columns.amount'), cell: (o) => formatFen(o.totalAmount, { currency: true }), className: 'text-right tabular-nums' },
          { key: 'receiver', header: t('columns.receiver'), cell: (o) => o.receiverName },
          {
            key: 'shipping',
            header: t('columns.shipping'),
            cell: (o) => <span className="text-xs">{o.shipping.shipped ? t('shippingProgress', o.shipping) : t('notShipped')}</span>,
          },
          { key: 'status', header: t('columns.status'), cell: (o) => <OrderStatusBadge status={o.status} /> },
          { key: 'created', header: t('columns.createdAt'), cell: (o) => <When at={o.createdAt} /> },
        ]}
      />
      <Pagination page={filters.page} pageSize={20} total={list.data?.total ?? 0} onPage={filters.setPage} />
      <CsvShipping
        shipSlice={(rows) => shipMany.mutateAsync({ rows })}
        onShipped={() => void queryClient.invalidateQueries({ queryKey: trpc.admin.orders.pathKey() })}
      />
    </div>
  );
}
