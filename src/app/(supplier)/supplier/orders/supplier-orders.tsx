'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { CsvShipping } from '@/components/orders/csv-shipping';
import { OrderFilters, type OrderFilterValues } from '@/components/orders/order-filters';
import { PackageLine, When } from '@/components/orders/order-parts';
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

/** The supplier's orders (its items only): what waits for it to ship, and bulk shipping by CSV. */
export function SupplierOrders() {
  const t = useTranslations('orders');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filters = useListFilters<OrderFilterValues>();
  const list = useQuery(trpc.supplier.orders.list.queryOptions({ ...filters.filters, page: filters.page, pageSize: 20 }, { placeholderData: keepPreviousData }));
  const perDay = useQuery(trpc.supplier.orders.perDay.queryOptions({ days: CHART_DAYS }));
  const toShip = useQuery(trpc.supplier.orders.toShipCount.queryOptions());
  const shipMany = useMutation(trpc.supplier.orders.shipMany.mutationOptions());
  return (
    <div className="flex flex-col gap-4">
      <Card>
        <OrdersChart data={perDay.data ?? []} days={CHART_DAYS} />
      </Card>
      <OrderFilters filters={filters} mallOrderNo={false} toShipLabel={`${t('filters.toShip')}${toShip.data !== undefined ? `（${toShip.data}）` : ''}`} />
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
              <Link href={`/supplier/orders/${o.orderNo}`} className="font-mono text-xs text-brand-700 hover:underline">
                {o.orderNo}
              </Link>
            ),
          },
          {
            key: 'items',
            header: t('columns.items'),
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
          { key: 'receiver', header: t('columns.receiver'), cell: (o) => `${o.receiver.name} · ${o.receiver.province}${o.receiver.city}` },
          { key: 'package', header: t('columns.myPackage'), cell: (o) => (o.status === 'paid' || o.myPackage ? <PackageLine pkg={o.myPackage} /> : '—') },
          { key: 'status', header: t('columns.status'), cell: (o) => <OrderStatusBadge status={o.status} /> },
          { key: 'created', header: t('columns.createdAt'), cell: (o) => <When at={o.createdAt} /> },
        ]}
      />
      <Pagination page={filters.page} pageSize={20} total={list.data?.total ?? 0} onPage={filters.setPage} />
      <CsvShipping shipSlice={(rows) => shipMany.mutateAsync({ rows })} onShipped={() => void queryClient.invalidateQueries({ queryKey: trpc.supplier.orders.pathKey() })} />
    </div>
  );
}
