'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { CategoryOptions } from '@/components/catalog/category-options';
import { ProductCell } from '@/components/catalog/product-cell';
import { StatusOptions } from '@/components/catalog/status-badge';
import { Input, Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { productColumns, productListQuery, useProductFilters, type ProductSort } from '@/components/catalog/product-list';
import { SupplierOptions } from '@/components/catalog/supplier-options';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { CsvImport } from './csv-import';

const STATUSES = ['on_sale', 'sold_out', 'off_shelf', 'pending_review', 'rejected', 'draft'] as const;

/**
 * The staff product pool on the shared list page: filters in the address (other pages link
 * here with ?owner= or ?status=), sortable columns, bulk 上架/下架 with confirmation and
 * progress, the streamed CSV export of everything the filters match, and the CSV import.
 */
export function ProductsTable() {
  const t = useTranslations('catalog.products');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filters = useProductFilters();
  const { draft, set } = filters;
  const input = productListQuery(filters);
  const list = useQuery(trpc.admin.products.list.queryOptions(input, { placeholderData: keepPreviousData }));
  const options = useQuery(trpc.admin.products.formOptions.queryOptions());
  const shelf = useMutation(trpc.admin.products.setShelf.mutationOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.admin.products.list.queryKey() });
  const columns = productColumns<NonNullable<typeof list.data>['rows'][number]>(t, common);
  const exportParams = new URLSearchParams(Object.entries(filters.filters).map(([k, v]) => [k, String(v)]));

  return (
    <ListPage<NonNullable<typeof list.data>['rows'][number], number, ProductSort>
      list={filters}
      query={list}
      rowKey={(p) => p.id}
      rowLabel={(p) => p.skuCode}
      empty={t('none')}
      pageSize={input.pageSize}
      filters={
        <>
          <Input aria-label={t('searchLabel')} placeholder={t('searchPlaceholder')} value={draft.q ?? ''} onChange={(e) => set({ q: e.target.value })} className="w-56" />
          <Select aria-label={common('status')} className="w-32" value={draft.status ?? ''} onChange={(e) => set({ status: e.target.value || undefined }, true)}>
            <StatusOptions allLabel={t('allStatuses')} statuses={STATUSES} />
          </Select>
          <Select aria-label={t('category')} className="w-36" value={draft.categoryId ?? ''} onChange={(e) => set({ categoryId: e.target.value ? Number(e.target.value) : undefined }, true)}>
            <option value="">{t('allCategories')}</option>
            <CategoryOptions categories={options.data?.categories ?? []} />
          </Select>
          <Select aria-label={t('brand')} className="w-32" value={draft.brandId ?? ''} onChange={(e) => set({ brandId: e.target.value ? Number(e.target.value) : undefined }, true)}>
            <option value="">{t('allBrands')}</option>
            {(options.data?.brands ?? []).map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </Select>
          <Select aria-label={t('owner')} className="w-40" value={draft.owner ?? ''} onChange={(e) => set({ owner: e.target.value || undefined }, true)}>
            <option value="">{t('allOwners')}</option>
            <option value="platform">{t('platform')}</option>
            <SupplierOptions />
          </Select>
        </>
      }
      exporter={{ href: `/admin/products/export?${exportParams}` }}
      bulk={[
        { key: 'onSale', label: t('bulkOnSale'), run: async (ids) => count(await shelf.mutateAsync({ ids, onSale: true })) },
        { key: 'offShelf', label: t('bulkOffShelf'), tone: 'danger', run: async (ids) => count(await shelf.mutateAsync({ ids, onSale: false })) },
      ]}
      onBulkDone={refresh}
      columns={[
        { ...columns.product, cell: (p) => <ProductCell product={p} href={`/admin/products/${p.id}`} /> },
        columns.category,
        { key: 'owner', header: t('owner'), cell: (p) => p.supplierName ?? t('platform') },
        { key: 'cost', header: t('costPrice'), sort: 'costPrice', className: 'text-right tabular-nums', cell: (p) => formatFen(p.costPrice, { currency: true }) },
        { key: 'supply', header: t('supplyPrice'), sort: 'supplyPrice', className: 'text-right tabular-nums', cell: (p) => (p.supplyPrice === null ? '—' : formatFen(p.supplyPrice, { currency: true })) },
        columns.stock,
        columns.status,
        columns.updatedAt,
      ]}
      below={<CsvImport onImported={refresh} />}
    />
  );
}

const count = (r: { changed: unknown[]; skipped: unknown[] }) => ({ changed: r.changed.length, skipped: r.skipped.length });
