'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { ErrorMessage } from '@/components/ui/error-message';
import { Pagination } from '@/components/ui/pagination';
import { useListFilters } from '@/components/ui/use-list-filters';
import { useTRPC } from '@/lib/trpc/client';
import { CaseFilters, type CaseFilterValues } from './case-filters';
import { CasesTable } from './cases-table';

/** After-sales cases, filtered and paged: every distributor's for staff, its own for a distributor (the server decides). */
export function CasesList({ portal }: { portal: 'admin' | 'distributor' }) {
  const t = useTranslations('orders.afterSales');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const base = portal === 'admin' ? '/admin/orders' : '/distributor';
  const filters = useListFilters<CaseFilterValues>();
  const listInput = { ...filters.filters, page: filters.page, pageSize: 20 };
  const list = useQuery(
    portal === 'admin'
      ? trpc.admin.afterSales.list.queryOptions(listInput, { placeholderData: keepPreviousData })
      : trpc.distributor.afterSales.list.queryOptions(listInput, { placeholderData: keepPreviousData }),
  );
  return (
    <div className="flex flex-col gap-4">
      <CaseFilters filters={filters} />
      <ErrorMessage error={list.error} />
      <CasesTable
        rows={list.data?.rows ?? []}
        empty={list.isLoading ? common('loading') : t('none')}
        caseHref={(id) => `${base}/after-sales/${id}`}
        orderHref={(no) => (portal === 'admin' ? `/admin/orders/${no}` : `/distributor/orders/${no}`)}
        showDistributor={portal === 'admin'}
      />
      <Pagination page={filters.page} pageSize={20} total={list.data?.total ?? 0} onPage={filters.setPage} />
    </div>
  );
}
