'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Pagination } from '@/components/ui/pagination';
import { ProductStatusBadge, StatusOptions } from '@/components/catalog/status-badge';
import { ErrorMessage } from '@/components/ui/error-message';
import { Select } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { ProductCell } from '@/components/catalog/product-cell';
import { SearchForm } from '@/components/catalog/search-form';

const STATUSES = ['draft', 'pending_review', 'rejected', 'on_sale', 'sold_out', 'off_shelf'] as const;

export function MyProducts() {
  const t = useTranslations('catalog.mine');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const [filters, setFilters] = useState({ q: '', status: null as (typeof STATUSES)[number] | null, page: 1, pageSize: 20 });
  const list = useQuery(trpc.supplier.products.list.queryOptions(filters, { placeholderData: keepPreviousData }));
  return (
    <div className="flex flex-col gap-4">
      <SearchForm placeholder={t('search')} onSearch={(q) => setFilters((f) => ({ ...f, q, page: 1 }))}>
        <Select aria-label={common('status')} value={filters.status ?? ''} onChange={(e) => setFilters((f) => ({ ...f, status: (e.target.value || null) as typeof f.status, page: 1 }))}>
          <StatusOptions allLabel={t('allStatuses')} statuses={STATUSES} />
        </Select>
      </SearchForm>
      <ErrorMessage error={list.error} />
      <DataTable
        rows={list.data?.rows ?? []}
        rowKey={(p) => p.id}
        empty={list.isLoading ? common('loading') : t('none')}
        columns={[
          {
            key: 'product',
            header: t('product'),
            cell: (p) => <ProductCell product={p} href={`/supplier/products/${p.id}`} />,
          },
          { key: 'category', header: t('category'), cell: (p) => `${p.categoryName} · ${p.brandName}` },
          { key: 'supply', header: t('mySupplyPrice'), className: 'text-right tabular-nums', cell: (p) => formatFen(p.costPrice) },
          { key: 'stock', header: t('stock'), className: 'text-right tabular-nums', cell: (p) => p.stock },
          {
            key: 'status',
            header: common('status'),
            cell: (p) => (
              <div>
                <ProductStatusBadge status={p.status} />
                {p.status === 'rejected' && p.rejectReason && <div className="mt-1 max-w-xs text-xs text-red-700">{p.rejectReason}</div>}
              </div>
            ),
          },
          { key: 'updated', header: common('updatedAt'), cell: (p) => format.dateTime(p.updatedAt, { dateStyle: 'short', timeStyle: 'short' }) },
        ]}
      />
      <Pagination page={filters.page} pageSize={filters.pageSize} total={list.data?.total ?? 0} onPage={(page) => setFilters((f) => ({ ...f, page }))} />
    </div>
  );
}
