'use client';

import { useFormatter, type useTranslations } from 'next-intl';
import type { ListColumn } from '@/components/ui/list-page';
import { useListFilters, type ListFilters } from '@/components/ui/use-list-filters';
import type { PRODUCT_SORTS, PRODUCT_STATUSES } from '@/server/domain/catalog/schemas';
import { ProductStatusBadge, type ProductStatus } from './status-badge';

export type ProductSort = (typeof PRODUCT_SORTS)[number];
type ProductFilterValues = { q?: string; status?: string; categoryId?: number; brandId?: number; owner?: string };
type ProductRow = { title: string; skuCode: string; categoryName: string; brandName: string; stock: number; status: ProductStatus; updatedAt: Date };

/** A product list's filters, page and sort, kept in the address; newest change first. */
export function useProductFilters() {
  return useListFilters<ProductFilterValues, ProductSort>({}, { url: true, types: { categoryId: 'number', brandId: 'number' }, sort: { by: 'updatedAt', dir: 'desc' } });
}

/** The list query's input for the filters in the address (staff and supplier lists take the same). */
export function productListQuery(filters: ListFilters<ProductFilterValues, ProductSort>) {
  const f = filters.filters;
  return {
    q: f.q ?? '',
    status: (f.status ?? null) as (typeof PRODUCT_STATUSES)[number] | null,
    categoryId: f.categoryId ?? null,
    brandId: f.brandId ?? null,
    owner: f.owner === 'platform' ? ('platform' as const) : f.owner ? Number(f.owner) : null,
    sort: filters.sort?.by ?? 'updatedAt',
    dir: filters.sort?.dir ?? 'desc',
    page: filters.page,
    pageSize: 20,
  };
}

/** The columns both portals' product lists show, the sortable ones with their sort key. */
export function productColumns<Row extends ProductRow>(
  t: ReturnType<typeof useTranslations<'catalog.products'>> | ReturnType<typeof useTranslations<'catalog.mine'>>,
  common: ReturnType<typeof useTranslations<'common'>>,
) {
  return {
    product: { key: 'product', header: t('product'), sort: 'title', cell: (p: Row) => p.title } satisfies ListColumn<Row, ProductSort>,
    category: { key: 'category', header: t('category'), cell: (p: Row) => `${p.categoryName} · ${p.brandName}` } satisfies ListColumn<Row, ProductSort>,
    stock: { key: 'stock', header: t('stock'), sort: 'stock', className: 'text-right tabular-nums', cell: (p: Row) => p.stock } satisfies ListColumn<Row, ProductSort>,
    status: { key: 'status', header: common('status'), cell: (p: Row) => <ProductStatusBadge status={p.status} /> } satisfies ListColumn<Row, ProductSort>,
    updatedAt: { key: 'updated', header: common('updatedAt'), sort: 'updatedAt', cell: (p: Row) => <UpdatedAt at={p.updatedAt} /> } satisfies ListColumn<Row, ProductSort>,
  };
}

function UpdatedAt({ at }: { at: Date }) {
  const format = useFormatter();
  return <>{format.dateTime(at, { dateStyle: 'short', timeStyle: 'short' })}</>;
}
