'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Pagination } from '@/components/ui/pagination';
import { ErrorMessage } from '@/components/ui/error-message';
import { Select } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { ProductCell } from '@/components/catalog/product-cell';
import { SearchForm } from '@/components/catalog/search-form';

export function ReviewQueue() {
  const t = useTranslations('catalog.review');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const [filters, setFilters] = useState({ q: '', supplierId: null as number | null, page: 1, pageSize: 20 });
  const queue = useQuery(trpc.admin.review.queue.queryOptions(filters, { placeholderData: keepPreviousData }));
  const suppliers = useQuery(trpc.admin.products.supplierOptions.queryOptions());
  return (
    <div className="flex flex-col gap-4">
      <SearchForm placeholder={t('search')} onSearch={(q) => setFilters((f) => ({ ...f, q, page: 1 }))}>
        <Select aria-label={t('supplier')} value={filters.supplierId ?? ''} onChange={(e) => setFilters((f) => ({ ...f, supplierId: e.target.value ? Number(e.target.value) : null, page: 1 }))}>
          <option value="">{t('allSuppliers')}</option>
          {(suppliers.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </SearchForm>
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
          { key: 'cost', header: t('costPrice'), className: 'text-right tabular-nums', cell: (p) => formatFen(p.costPrice, { currency: true }) },
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
