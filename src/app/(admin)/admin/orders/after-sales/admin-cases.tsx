'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { CaseFilters, type CaseFilterValues } from '@/components/orders/case-filters';
import { CasesTable } from '@/components/orders/cases-table';
import { ErrorMessage } from '@/components/ui/error-message';
import { Pagination } from '@/components/ui/pagination';
import { useListFilters } from '@/components/ui/use-list-filters';
import { useTRPC } from '@/lib/trpc/client';

/** Every distributor's after-sales cases, filtered and paged. */
export function AdminCases() {
  const t = useTranslations('orders.afterSales');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const filters = useListFilters<CaseFilterValues>();
  const list = useQuery(trpc.admin.afterSales.list.queryOptions({ ...filters.filters, page: filters.page, pageSize: 20 }, { placeholderData: keepPreviousData }));
  return (
    <div className="flex flex-col gap-4">
      <CaseFilters filters={filters} />
      <ErrorMessage error={list.error} />
      <CasesTable
        rows={list.data?.rows ?? []}
        empty={list.isLoading ? common('loading') : t('none')}
        caseHref={(id) => `/admin/orders/after-sales/${id}`}
        orderHref={(no) => `/admin/orders/${no}`}
        showDistributor
      />
      <Pagination page={filters.page} pageSize={20} total={list.data?.total ?? 0} onPage={filters.setPage} />
    </div>
  );
}
