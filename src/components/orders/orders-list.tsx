'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { ListPage, type ListColumn } from '@/components/ui/list-page';
import { useListFilters, type ListFilters, type SortDir } from '@/components/ui/use-list-filters';
import type { ORDER_SORTS } from '@/server/domain/orders/schemas';
import { formatFen } from '@/lib/money';
import { When } from './order-parts';
import { OrderFilters, type OrderFilterValues } from './order-filters';
import { OrdersChart } from './orders-chart';
import { OrderStatusBadge, type OrderStatus } from './status-badge';

const CHART_DAYS = 14;
const PAGE_SIZE = 20;

/** What an order list sorts by on the server: newest first unless the person picks a header. */
export type OrderSort = (typeof ORDER_SORTS)[number];

/**
 * What every portal's order row has; each portal adds its own fields. `sandbox` marks an
 * order made in test mode (staff and the distributor see those; a supplier never does).
 */
export type OrderRowBase = { orderNo: string; status: OrderStatus; createdAt: Date; sandbox?: boolean; items: { skuCode: string; title: string; quantity: number }[] };

type Page<Row> = { rows: Row[]; total: number };
/** The row type of a list query's data. */
export type RowOf<D> = NonNullable<D> extends { rows: (infer R)[] } ? R : never;
type ListInput = OrderFilterValues & { sort: OrderSort; dir: SortDir; page: number; pageSize: number };

/** The filters of an order list, kept in the address. */
export function useOrderFilters() {
  return useListFilters<OrderFilterValues, OrderSort>({}, { url: true, types: { toShip: 'boolean' }, sort: { by: 'createdAt', dir: 'desc' } });
}

/** The input of a portal's order list query for the current filters and page. */
export function orderListInput(filters: ListFilters<OrderFilterValues, OrderSort>, page = filters.page, pageSize = PAGE_SIZE): ListInput {
  return { ...filters.filters, sort: filters.sort?.by ?? 'createdAt', dir: filters.sort?.dir ?? 'desc', page, pageSize };
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
  filters: ListFilters<OrderFilterValues, OrderSort>;
  query: { data?: Page<Row>; isLoading: boolean; error: unknown };
  perDay: Parameters<typeof OrdersChart>[0]['data'] | undefined;
  columns: (common: Record<'orderNo' | 'items' | 'status' | 'createdAt', ListColumn<Row, OrderSort>>) => ListColumn<Row, OrderSort>[];
  filterProps?: { mallOrderNo?: boolean; toShipLabel?: string };
  below?: ReactNode;
}) {
  const t = useTranslations('orders');
  const common: Record<'orderNo' | 'items' | 'status' | 'createdAt', ListColumn<Row, OrderSort>> = {
    orderNo: {
      key: 'no',
      header: t('columns.orderNo'),
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
    status: { key: 'status', header: t('columns.status'), cell: (o) => <OrderStatusBadge status={o.status} /> },
    createdAt: {
      key: 'created',
      header: t('columns.createdAt'),
      sort: 'createdAt',
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
export function useShippingColumn<Row extends Shipping>(): ListColumn<Row, OrderSort> {
  const t = useTranslations('orders');
  const text = (o: Row) => (o.shipping.shipped ? t('shippingProgress', o.shipping) : t('notShipped'));
  return { key: 'shipping', header: t('columns.shipping'), cell: (o) => <span className="text-xs">{text(o)}</span> };
}

/** An amount column (¥, two decimals), sorted by the server's `sort` key when it has one. */
export function amountColumn<Row>(key: string, header: string, fen: (row: Row) => number, sort?: OrderSort): ListColumn<Row, OrderSort> {
  return { key, header, sort, className: 'text-right tabular-nums', cell: (r) => formatFen(fen(r), { currency: true }) };
}

export { CHART_DAYS, PAGE_SIZE };
