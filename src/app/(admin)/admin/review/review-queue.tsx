'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { Input, Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { ProductCell } from '@/components/catalog/product-cell';
import { SupplierOptions } from '@/components/catalog/supplier-options';

const PAGE_SIZE = 20;

/** The products waiting for review, on the list page (search and supplier in the address). */
export function ReviewQueue() {
  const t = useTranslations('catalog.review');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const filters = useListFilters<{ q?: string; supplierId?: number }>({}, { url: true, types: { supplierId: 'number' } });
  const queue = useQuery(trpc.admin.review.queue.queryOptions({ ...filters.filters, page: filters.page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData }));
  return (
    <ListPage
      list={filters}
      query={queue}
      rowKey={(p) => p.id}
      pageSize={PAGE_SIZE}
      empty={t('emptyQueue')}
      filters={
        <>
          <Input aria-label={t('search')} placeholder={t('search')} className="w-64" value={filters.draft.q ?? ''} onChange={(e) => filters.set({ q: e.target.value })} />
          <Select aria-label={t('supplier')} value={filters.draft.supplierId ?? ''} onChange={(e) => filters.set({ supplierId: e.target.value ? Number(e.target.value) : undefined }, true)}>
            <option value="">{t('allSuppliers')}</option>
            <SupplierOptions />
          </Select>
        </>
      }
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
  );
}
