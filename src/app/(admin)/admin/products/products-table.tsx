'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CategoryOptions } from '@/components/catalog/category-options';
import { Pagination } from '@/components/ui/pagination';
import { ProductStatusBadge, StatusOptions } from '@/components/catalog/status-badge';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Input, Select } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { CsvImport } from './csv-import';
import { ProductCell } from '@/components/catalog/product-cell';

const STATUSES = ['on_sale', 'sold_out', 'off_shelf', 'pending_review', 'rejected', 'draft'] as const;
const SORTS = ['updatedAt', 'createdAt', 'skuCode', 'title', 'stock', 'supplyPrice', 'costPrice'] as const;

type Filters = {
  q: string;
  status: (typeof STATUSES)[number] | null;
  categoryId: number | null;
  brandId: number | null;
  owner: 'platform' | number | null;
  sort: (typeof SORTS)[number];
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
};

const INITIAL: Filters = { q: '', status: null, categoryId: null, brandId: null, owner: null, sort: 'updatedAt', dir: 'desc', page: 1, pageSize: 20 };

function exportHref(f: Filters) {
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.status) params.set('status', f.status);
  if (f.categoryId) params.set('categoryId', String(f.categoryId));
  if (f.brandId) params.set('brandId', String(f.brandId));
  if (f.owner) params.set('owner', String(f.owner));
  return `/admin/products/export?${params}`;
}

export function ProductsTable() {
  const t = useTranslations('catalog.products');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  // Other pages link here with a filter (e.g. one supplier's products, or those in review).
  const [filters, setFilters] = useState<Filters>(() => ({
    ...INITIAL,
    owner: params.get('owner') === 'platform' ? 'platform' : Number(params.get('owner')) || null,
    status: STATUSES.find((s) => s === params.get('status')) ?? null,
  }));
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, page: 1, ...patch }));
    setSelected(new Set());
  };

  const list = useQuery(trpc.admin.products.list.queryOptions(filters, { placeholderData: keepPreviousData }));
  const options = useQuery(trpc.admin.products.formOptions.queryOptions());
  const suppliers = useQuery(trpc.admin.products.supplierOptions.queryOptions());
  const shelf = useMutation(
    trpc.admin.products.setShelf.mutationOptions({
      onSuccess: (result) => {
        setNotice(t('shelfResult', { changed: result.changed.length, skipped: result.skipped.length }));
        setSelected(new Set());
        void queryClient.invalidateQueries({ queryKey: trpc.admin.products.list.queryKey() });
      },
    }),
  );
  const rows = list.data?.rows ?? [];
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <div className="flex flex-col gap-4">
      <form
        className="grid grid-cols-2 items-end gap-2 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-4 xl:grid-cols-8"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: search.trim() });
        }}
      >
        <Input aria-label={t('searchLabel')} placeholder={t('searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} className="col-span-2" />
        <Select aria-label={common('status')} value={filters.status ?? ''} onChange={(e) => set({ status: (e.target.value || null) as Filters['status'] })}>
          <StatusOptions allLabel={t('allStatuses')} statuses={STATUSES} />
        </Select>
        <Select aria-label={t('category')} value={filters.categoryId ?? ''} onChange={(e) => set({ categoryId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t('allCategories')}</option>
          <CategoryOptions categories={options.data?.categories ?? []} />
        </Select>
        <Select aria-label={t('brand')} value={filters.brandId ?? ''} onChange={(e) => set({ brandId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t('allBrands')}</option>
          {(options.data?.brands ?? []).map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </Select>
        <Select
          aria-label={t('owner')}
          value={filters.owner ?? ''}
          onChange={(e) => set({ owner: e.target.value === 'platform' ? 'platform' : e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('allOwners')}</option>
          <option value="platform">{t('platform')}</option>
          {(suppliers.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        <Select aria-label={t('sort')} value={`${filters.sort}:${filters.dir}`} onChange={(e) => {
          const [sort, dir] = e.target.value.split(':') as [Filters['sort'], Filters['dir']];
          set({ sort, dir });
        }}>
          {SORTS.flatMap((s) => (['desc', 'asc'] as const).map((d) => (
            <option key={`${s}:${d}`} value={`${s}:${d}`}>
              {t(`sorts.${s}`)} {d === 'desc' ? '↓' : '↑'}
            </option>
          )))}
        </Select>
        <div className="col-span-2 flex gap-2 md:col-span-4 xl:col-span-8">
          <Button type="submit">{common('search')}</Button>
          <Button
            variant="ghost"
            onClick={() => {
              setSearch('');
              set(INITIAL);
            }}
          >
            {common('reset')}
          </Button>
          <div className="flex-1" />
          <a href={exportHref(filters)} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50" download>
            {t('export')}
          </a>
        </div>
      </form>

      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-600">{t('selected', { count: selected.size })}</span>
        <Button size="sm" variant="secondary" disabled={selected.size === 0 || shelf.isPending} onClick={() => shelf.mutate({ ids: [...selected], onSale: true })}>
          {t('bulkOnSale')}
        </Button>
        <Button size="sm" variant="secondary" disabled={selected.size === 0 || shelf.isPending} onClick={() => shelf.mutate({ ids: [...selected], onSale: false })}>
          {t('bulkOffShelf')}
        </Button>
        {notice && <span className="text-sm text-emerald-700" role="status">{notice}</span>}
      </div>
      <ErrorMessage error={list.error ?? shelf.error} />

      <DataTable
        rows={rows}
        rowKey={(p) => p.id}
        empty={list.isLoading ? common('loading') : t('none')}
        columns={[
          {
            key: 'select',
            header: (
              <input
                type="checkbox"
                aria-label={t('selectPage')}
                checked={allOnPage}
                onChange={() => setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id)))}
              />
            ),
            cell: (p) => (
              <input
                type="checkbox"
                aria-label={t('selectOne', { sku: p.skuCode })}
                checked={selected.has(p.id)}
                onChange={() => {
                  const next = new Set(selected);
                  if (next.has(p.id)) next.delete(p.id);
                  else next.add(p.id);
                  setSelected(next);
                }}
              />
            ),
          },
          {
            key: 'product',
            header: t('product'),
            cell: (p) => <ProductCell product={p} href={`/admin/products/${p.id}`} />,
          },
          { key: 'category', header: t('category'), cell: (p) => `${p.categoryName} · ${p.brandName}` },
          { key: 'owner', header: t('owner'), cell: (p) => p.supplierName ?? t('platform') },
          { key: 'cost', header: t('costPrice'), className: 'text-right tabular-nums', cell: (p) => formatFen(p.costPrice) },
          { key: 'supply', header: t('supplyPrice'), className: 'text-right tabular-nums', cell: (p) => (p.supplyPrice === null ? '—' : formatFen(p.supplyPrice)) },
          { key: 'stock', header: t('stock'), className: 'text-right tabular-nums', cell: (p) => p.stock },
          { key: 'status', header: common('status'), cell: (p) => <ProductStatusBadge status={p.status} /> },
        ]}
      />
      <Pagination page={filters.page} pageSize={filters.pageSize} total={list.data?.total ?? 0} onPage={(page) => setFilters((f) => ({ ...f, page }))} />
      <CsvImport onImported={() => void queryClient.invalidateQueries({ queryKey: trpc.admin.products.list.queryKey() })} />
    </div>
  );
}
