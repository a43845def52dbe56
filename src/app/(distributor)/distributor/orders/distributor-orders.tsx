'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { amountColumn, CHART_DAYS, orderListInput, OrdersList, useOrderFilters, useShippingColumn, type RowOf } from '@/components/orders/orders-list';
import { useTRPC } from '@/lib/trpc/client';

/** The distributor's own orders: recent days as a chart, then the filtered list. */
export function DistributorOrders() {
  const t = useTranslations('orders');
  const trpc = useTRPC();
  const filters = useOrderFilters();
  const list = useQuery(trpc.distributor.orders.list.queryOptions(orderListInput(filters), { placeholderData: keepPreviousData }));
  const shipping = useShippingColumn<RowOf<typeof list.data>>();
  const perDay = useQuery(trpc.distributor.orders.perDay.queryOptions({ days: CHART_DAYS }));
  return (
    <OrdersList
      portal="distributor"
      filters={filters}
      query={list}
      perDay={perDay.data}
      columns={(c) => [
        c.orderNo,
        { key: 'mall', header: t('columns.mallOrderNo'), cell: (o) => <span className="font-mono text-xs">{o.mallOrderNo}</span> },
        c.items,
        amountColumn('amount', t('columns.amount'), (o) => o.totalAmount, 'totalAmount'),
        { key: 'receiver', header: t('columns.receiver'), cell: (o) => o.receiverName },
        shipping,
        c.status,
        c.createdAt,
      ]}
    />
  );
}
