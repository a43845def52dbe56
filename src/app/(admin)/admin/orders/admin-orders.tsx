'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { CsvShipping } from '@/components/orders/csv-shipping';
import { amountColumn, CHART_DAYS, orderListInput, OrdersList, useOrderFilters, useShippingColumn, type RowOf } from '@/components/orders/orders-list';
import { useTRPC } from '@/lib/trpc/client';

/** Staff's orders: the chart of recent days, the filtered list, and bulk shipping of the platform's packages. */
export function AdminOrders() {
  const t = useTranslations('orders');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filters = useOrderFilters();
  const list = useQuery(trpc.admin.orders.list.queryOptions(orderListInput(filters), { placeholderData: keepPreviousData }));
  const shipping = useShippingColumn<RowOf<typeof list.data>>();
  const perDay = useQuery(trpc.admin.orders.perDay.queryOptions({ days: CHART_DAYS }));
  const toShip = useQuery(trpc.admin.orders.toShipCount.queryOptions());
  const shipMany = useMutation(trpc.admin.orders.shipMany.mutationOptions());
  return (
    <OrdersList
      portal="admin"
      filters={filters}
      query={list}
      perDay={perDay.data}
      filterProps={{ toShipLabel: `${t('filters.toShipStaff')}${toShip.data !== undefined ? `（${toShip.data}）` : ''}` }}
      columns={(c) => [
        {
          ...c.orderNo,
          cell: (o) => (
            <div>
              {c.orderNo.cell(o)}
              <div className="font-mono text-xs text-slate-500">{o.mallOrderNo}</div>
            </div>
          ),
        },
        { key: 'distributor', header: t('columns.distributor'), cell: (o) => <span title={o.distributor.name}>{o.distributor.code}</span> },
        {
          ...c.items,
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
        amountColumn('amount', t('columns.amount'), (o) => o.totalAmount, 'totalAmount'),
        { key: 'receiver', header: t('columns.receiver'), cell: (o) => o.receiverName },
        shipping,
        c.status,
        c.createdAt,
      ]}
      below={
        <CsvShipping
          shipSlice={(rows) => shipMany.mutateAsync({ rows })}
          onShipped={() => void queryClient.invalidateQueries({ queryKey: trpc.admin.orders.pathKey() })}
        />
      }
    />
  );
}
