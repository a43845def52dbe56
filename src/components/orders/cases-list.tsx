'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { useTRPC } from '@/lib/trpc/client';
import { CaseFilters, type CaseFilterValues } from './case-filters';
import { useCaseColumns } from './cases-table';

const PAGE_SIZE = 20;

/**
 * After-sales cases on the list page, filtered (in the address) and paged: every
 * distributor's for staff, its own for a distributor (the server decides).
 */
export function CasesList({ portal }: { portal: 'admin' | 'distributor' }) {
  const t = useTranslations('orders.afterSales');
  const trpc = useTRPC();
  const base = portal === 'admin' ? '/admin/orders' : '/distributor';
  const filters = useListFilters<CaseFilterValues>({}, { url: true });
  const listInput = { ...filters.filters, page: filters.page, pageSize: PAGE_SIZE };
  const list = useQuery(
    portal === 'admin'
      ? trpc.admin.afterSales.list.queryOptions(listInput, { placeholderData: keepPreviousData })
      : trpc.distributor.afterSales.list.queryOptions(listInput, { placeholderData: keepPreviousData }),
  );
  const columns = useCaseColumns({
    caseHref: (id) => `${base}/after-sales/${id}`,
    orderHref: (no) => (portal === 'admin' ? `/admin/orders/${no}` : `/distributor/orders/${no}`),
    showDistributor: portal === 'admin',
  });
  return <ListPage list={filters} query={list} rowKey={(c) => c.id} pageSize={PAGE_SIZE} empty={t('none')} filters={<CaseFilters filters={filters} />} columns={columns} />;
}
