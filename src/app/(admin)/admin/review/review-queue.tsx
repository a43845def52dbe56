'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Pagination } from '@/components/ui/pagination';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Input, Select } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { ProductCell } from '@/components/catalog/product-cell';

export function ReviewQueue() {
  const t = useTranslations('catalog.review');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState({ q: '', supplierId: null as number | null, page: 1, pageSize: 20 });
  const queue = useQuery(trpc.admin.review.queue.queryOptions(filters, { placeholderData: keepPreviousData }));
  const suppliers = useQuery(trpc.admin.products.supplierOptions.queryOptions());
  return (
    <div className="flex flex-col gap-4">
      <form
        role="search"
        className="grid grid-cols-1 items-end gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[2fr_1fr_auto]"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters((f) => ({ ...f, q: search.trim(), page: 1 }));
        }}
      >
        <Input aria-label={t('search')} placeholder={t('search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <Select aria-label={t('supplier')} value={filters.supplierId ?? ''} onChange={(e) => setFilters((f) => ({ ...f, supplierId: e.target.value ? Number(e.target.value) : null, page: 1 }))}>
          <option value="">{t('allSuppliers')}</option>
          {(suppliers.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        <Button type="submit">{common('search')}</Button>
      </form>
      <ErrorMessage error={queue.error} />
      <DataTable
        rows={queue.data?.rows ?? []}
        rowKey={(p) => p.id}
        empty={queue.isLoading ? common('loading') : t('emptyQueue')}
        columns={[
          {
            key: 'product',
            header: t('product'),
            cell: (p) => <ProductCell product={p} />,
          },
          { key: 'supplier', header: t('supplier'), cell: (p) => p.supplierName },
          { key: 'category', header: t('category'), cell: (p) => `${p.categoryName} · ${p.brandName}` },
          { key: 'cost', header: t('costPrice'), className: 'text-right tabular-nums', cell: (p) => formatFen(p.costPrice) },
          { key: 'stock', header: t('stock'), className: 'text-right tabular-nums', cell: (p) => p.stock },
          { key: 'submitted', header: t('submittedAt'), cell: (p) => (p.submittedAt ? format.relativeTime(p.submittedAt) : '—') },
          {
            key: 'actions',
            header: common('actions'),
            cell: (p) => (
              <Link href={`/admin/review/${p.id}`} className="font-medium text-brand-700 hover:underline">
                {t('open')}
              </Link>
            ),
          },
        ]}
      />
      <Pagination page={filters.page} pageSize={filters.pageSize} total={queue.data?.total ?? 0} onPage={(page) => setFilters((f) => ({ ...f, page }))} />
    </div>
  );
}
