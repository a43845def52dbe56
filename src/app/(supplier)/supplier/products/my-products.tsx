'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { ProductCell } from '@/components/catalog/product-cell';
import { productColumns, productListQuery, useProductFilters, type ProductSort } from '@/components/catalog/product-list';
import { ProductStatusBadge, StatusOptions } from '@/components/catalog/status-badge';
import { Input, Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

const STATUSES = ['draft', 'pending_review', 'rejected', 'on_sale', 'sold_out', 'off_shelf'] as const;

/** The supplier's own products on the shared list page: search, status, sortable columns and a CSV export. */
export function MyProducts() {
  const t = useTranslations('catalog.mine');
  const common = useTranslations('common');
  const statusName = useTranslations('catalog.status');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filters = useProductFilters();
  // The supplier's list takes no owner filter (strict inputs): it is always the supplier's own.
  const { owner: _owner, ...input } = productListQuery(filters);
  const list = useQuery(trpc.supplier.products.list.queryOptions(input, { placeholderData: keepPreviousData }));
  type Row = NonNullable<typeof list.data>['rows'][number];
  const columns = productColumns<Row>(t, common);
  return (
    <ListPage<Row, number, ProductSort>
      list={filters}
      query={list}
      rowKey={(p) => p.id}
      empty={t('none')}
      pageSize={input.pageSize}
      filters={
        <>
          <Input aria-label={t('search')} placeholder={t('search')} className="w-64" value={filters.draft.q ?? ''} onChange={(e) => filters.set({ q: e.target.value })} />
          <Select aria-label={common('status')} className="w-36" value={filters.draft.status ?? ''} onChange={(e) => filters.set({ status: e.target.value || undefined }, true)}>
            <StatusOptions allLabel={t('allStatuses')} statuses={STATUSES} />
          </Select>
        </>
      }
      exporter={{
        filename: 'my-products.csv',
        fetchPage: (page, pageSize) => queryClient.fetchQuery(trpc.supplier.products.list.queryOptions({ ...input, page, pageSize })),
      }}
      columns={[
        { ...columns.product, csvHeader: t('product'), csv: (p) => p.title, cell: (p) => <ProductCell product={p} href={`/supplier/products/${p.id}`} /> },
        { key: 'sku', header: 'SKU', csv: (p) => p.skuCode, cell: () => null, exportOnly: true },
        { ...columns.category, csv: (p) => `${p.categoryName} · ${p.brandName}` },
        { key: 'supply', header: t('mySupplyPrice'), sort: 'costPrice', className: 'text-right tabular-nums', csv: (p) => formatFen(p.costPrice, { grouping: false }), cell: (p) => formatFen(p.costPrice, { currency: true }) },
        { ...columns.stock, csv: (p) => p.stock },
        {
          ...columns.status,
          csv: (p) => statusName(p.status),
          cell: (p) => (
            <div>
              <ProductStatusBadge status={p.status} />
              {p.status === 'rejected' && p.rejectReason && <div className="mt-1 max-w-xs text-xs text-red-700">{p.rejectReason}</div>}
            </div>
          ),
        },
        columns.updatedAt,
      ]}
    />
  );
}
