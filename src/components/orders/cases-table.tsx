'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import { DataTable, type Column } from '@/components/ui/table';
import { When } from './order-parts';

export type CaseRow = {
  id: number;
  orderNo: string;
  distributorCode: string | null;
  type: 'refund' | 'return' | 'exchange';
  reason: string;
  resolution: string;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
};

export function CaseStatusBadge({ status }: { status: CaseRow['status'] }) {
  const t = useTranslations('orders.afterSales');
  return <Badge tone={status === 'open' ? 'yellow' : 'gray'}>{t(`statuses.${status}`)}</Badge>;
}

type CaseLinks = { caseHref: (id: number) => string; orderHref: (orderNo: string) => string; showDistributor?: boolean };

/** The columns of a list of after-sales cases, linking to each case and its order (the hrefs are the portal's own paths). */
export function useCaseColumns({ caseHref, orderHref, showDistributor }: CaseLinks): Column<CaseRow>[] {
  const t = useTranslations('orders.afterSales');
  return [
    {
      key: 'id',
      header: '#',
      cell: (c) => (
        <Link href={caseHref(c.id)} className="text-brand-700 hover:underline">
          {t('case', { id: c.id })}
        </Link>
      ),
    },
    {
      key: 'order',
      header: t('orderNo'),
      cell: (c) => (
        <Link href={orderHref(c.orderNo)} className="font-mono text-xs text-brand-700 hover:underline">
          {c.orderNo}
        </Link>
      ),
    },
    ...(showDistributor ? [{ key: 'distributor', header: t('distributor'), cell: (c: CaseRow) => c.distributorCode }] : []),
    { key: 'type', header: t('type'), cell: (c) => t(`types.${c.type}`) },
    { key: 'reason', header: t('reason'), cell: (c) => <span className="line-clamp-2 max-w-xs">{c.reason}</span> },
    { key: 'resolution', header: t('resolution'), cell: (c) => <span className="line-clamp-2 max-w-xs">{c.resolution || '—'}</span> },
    { key: 'status', header: t('status'), cell: (c) => <CaseStatusBadge status={c.status} /> },
    { key: 'created', header: t('createdAt'), cell: (c) => <When at={c.createdAt} /> },
  ];
}

/** An order's after-sales cases. */
export function CasesTable({ rows, empty, ...links }: { rows: CaseRow[]; empty: string } & CaseLinks) {
  return <DataTable rows={rows} rowKey={(c) => c.id} empty={empty} columns={useCaseColumns(links)} />;
}
