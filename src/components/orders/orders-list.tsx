'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { ListPage, type ListColumn } from '@/components/ui/list-page';
import { useListFilters, type ListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { When } from './order-parts';
import { OrderFilters, type OrderFilterValues } from './order-filters';
import { OrdersChart } from './orders-chart';
import { OrderStatusBadge, type OrderStatus } from './status-badge';

const CHART_DAYS = 14;
const PAGE_SIZE = 20;

/**
 * What every portal's order row has; each portal adds its own fields. `sandbox` marks an
 * order made in test mode (staff and the distributor see those; a supplier never does).
 */
export type OrderRowBase = { orderNo: string; status: OrderStatus; createdAt: Date; sandbox?: boolean; items: { skuCode: string; title: string; quantity: number }[] };

type Page<Row> = { rows: Row[]; total: number };
/** The row type of a list query's data. */
export type RowOf<D> = NonNullable<D> extends { rows: (infer R)[] } ? R : never;
type ListInput = OrderFilterValues & { page: number; pageSize: number };

/** The filters of an order list, kept in the address. */
export function useOrderFilters() {
  return useListFilters<OrderFilterValues>({}, { url: true, types: { toShip: 'boolean' } });
}

/** The input of a portal's order list query for the current filters and page. */
export function orderListInput(filters: ListFilters<OrderFilterValues>, page = filters.page, pageSize = PAGE_SIZE): ListInput {
  return { ...filters.filters, page, pageSize };
}

/**
 * The order list of a portal on the shared list page: the chart of recent days, the filters
 * (in the address), the table, paging and a CSV export of every order the filters match.
 * `columns` places the portal's own columns among the common ones (`orderNo`, `items`,
 * `status`, `createdAt`); the portal runs its own list and per-day queries.
 */
export function OrdersList<Row extends OrderRowBase>({
  portal,
  filters,
  query,
  perDay,
  columns,
  filterProps,
  below,
}: {
  portal: 'admin' | 'supplier' | 'distributor';
  filters: ListFilters<OrderFilterValues>;
  query: { data?: Page<Row>; isLoading: boolean; error: unknown };
  perDay: Parameters<typeof OrdersChart>[0]['data'] | undefined;
  columns: (common: Record<'orderNo' | 'items' | 'status' | 'createdAt', ListColumn<Row>>) => ListColumn<Row>[];
  filterProps?: { mallOrderNo?: boolean; toShipLabel?: string };
  below?: ReactNode;
}) {
  const t = useTranslations('orders');
  const format = useFormatter();
  const common: Record<'orderNo' | 'items' | 'status' | 'createdAt', ListColumn<Row>> = {
    orderNo: {
      key: 'no',
      header: t('columns.orderNo'),
      csv: (o) => (o.sandbox ? `${o.orderNo} (${t('sandbox')})` : o.orderNo),
      cell: (o) => (
        <span className="inline-flex items-center gap-1.5">
          <Link href={`/${portal}/orders/${o.orderNo}`} className="font-mono text-xs text-brand-700 hover:underline">
            {o.orderNo}
          </Link>
          {o.sandbox && (
            <span title={t('sandboxNote')} data-testid="sandbox-order">
              <Badge tone="yellow">{t('sandbox')}</Badge>
            </span>
          )}
        </span>
      ),
    },
    items: {
      key: 'items',
      header: t('columns.items'),
      csv: (o) => o.items.map((i) => `${i.skuCode} ${i.title} × ${i.quantity}`).join('; '),
      cell: (o) => (
        <ul className="text-xs">
          {o.items.map((i) => (
            <li key={i.skuCode}>
              {i.title} × {i.quantity}
            </li>
          ))}
        </ul>
      ),
    },
    status: { key: 'status', header: t('columns.status'), csv: (o) => t(`status.${o.status}`), cell: (o) => <OrderStatusBadge status={o.status} /> },
    createdAt: {
      key: 'created',
      header: t('columns.createdAt'),
      csv: (o) => format.dateTime(o.createdAt, { dateStyle: 'short', timeStyle: 'short' }),
      cell: (o) => <When at={o.createdAt} />,
    },
  };
  return (
    <ListPage
      list={filters}
      query={query}
      rowKey={(o) => o.orderNo}
      columns={columns(common)}
      empty={t('noOrders')}
      pageSize={PAGE_SIZE}
      above={
        <Card>
          <OrdersChart data={perDay ?? []} days={CHART_DAYS} />
        </Card>
      }
      filters={<OrderFilters filters={filters} {...filterProps} />}
      // One row per item, in the caller's own view of the orders; "to ship" is a view of the page, not of the export.
      exporter={{ name: 'orders', params: { ...filters.filters, toShip: undefined } }}
      below={below}
    />
  );
}

type Shipping = { shipping: { shipped: number; packages: number } };

/** How many of an order's packages have shipped ("1/2 个包裹已发"), for staff and the distributor. */
export function useShippingColumn<Row extends Shipping>(): ListColumn<Row> {
  const t = useTranslations('orders');
  const text = (o: Row) => (o.shipping.shipped ? t('shippingProgress', o.shipping) : t('notShipped'));
  return { key: 'shipping', header: t('columns.shipping'), csv: text, cell: (o) => <span className="text-xs">{text(o)}</span> };
}

/** An amount column (¥, two decimals), exported as yuan without the sign. */
export function amountColumn<Row>(key: string, header: string, fen: (row: Row) => number): ListColumn<Row> {
  return { key, header, className: 'text-right tabular-nums', csv: (r) => formatFen(fen(r), { grouping: false }), cell: (r) => formatFen(fen(r), { currency: true }) };
}

export { CHART_DAYS, PAGE_SIZE };
