'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { CsvShipping } from '@/components/orders/csv-shipping';
import { PackageLine } from '@/components/orders/order-parts';
import { CHART_DAYS, orderListInput, OrdersList, useOrderFilters } from '@/components/orders/orders-list';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

/** The supplier's orders (its items only): what waits for it to ship, and bulk shipping by CSV. */
export function SupplierOrders() {
  const t = useTranslations('orders');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filters = useOrderFilters();
  const list = useQuery(trpc.supplier.orders.list.queryOptions(orderListInput(filters), { placeholderData: keepPreviousData }));
  const perDay = useQuery(trpc.supplier.orders.perDay.queryOptions({ days: CHART_DAYS }));
  const toShip = useQuery(trpc.supplier.orders.toShipCount.queryOptions());
  const shipMany = useMutation(trpc.supplier.orders.shipMany.mutationOptions());
  return (
    <OrdersList
      portal="supplier"
      filters={filters}
      query={list}
      perDay={perDay.data}
      filterProps={{ mallOrderNo: false, toShipLabel: `${t('filters.toShip')}${toShip.data !== undefined ? `（${toShip.data}）` : ''}` }}
      columns={(c) => [
        c.orderNo,
        {
          ...c.items,
          cell: (o) => (
            <ul className="text-xs">
              {o.items.map((i) => (
                <li key={i.skuCode}>
                  {i.title} × {i.quantity} <span className="text-slate-500">· {formatFen(i.supplyPrice, { currency: true })}</span>
                </li>
              ))}
            </ul>
          ),
        },
        {
          key: 'receiver',
          header: t('columns.receiver'),
          cell: (o) => `${o.receiver.name} · ${o.receiver.province}${o.receiver.city}`,
        },
        {
          key: 'package',
          header: t('columns.myPackage'),
          cell: (o) => (o.status === 'paid' || o.myPackage ? <PackageLine pkg={o.myPackage} /> : '—'),
        },
        c.status,
        c.createdAt,
      ]}
      below={<CsvShipping shipSlice={(rows) => shipMany.mutateAsync({ rows })} onShipped={() => void queryClient.invalidateQueries({ queryKey: trpc.supplier.orders.pathKey() })} />}
    />
  );
}
