'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { CaseStatusBadge, type CaseRow } from './cases-table';
import { Fact, FactGrid, When } from './order-parts';

export type CaseDetail = CaseRow & {
  mallOrderNo: string;
  distributorName: string | null;
  createdBy: string | null;
  adjustments: { id: number; amount: number; balanceAfter: number; note: string; createdAt: Date }[];
};

/** One after-sales case and the balance adjustments made for it: the same view for staff and the distributor. */
export function CaseView({ detail, orderHref, actions }: { detail: CaseDetail; orderHref: string; actions?: ReactNode }) {
  const t = useTranslations('orders.afterSales');
  return (
    <div className="flex flex-col gap-4">
      <Card title={<span className="flex items-center gap-2">{t('case', { id: detail.id })} <CaseStatusBadge status={detail.status} /></span>}>
        <FactGrid>
          <Fact label={t('orderNo')}>
            <Link href={orderHref} className="font-mono text-xs text-brand-700 hover:underline">
              {detail.orderNo}
            </Link>
          </Fact>
          {detail.distributorCode && (
            <Fact label={t('distributor')}>
              {detail.distributorCode} · {detail.distributorName}
            </Fact>
          )}
          <Fact label={t('type')}>{t(`types.${detail.type}`)}</Fact>
          <Fact label={t('createdAt')}>
            <When at={detail.createdAt} />
          </Fact>
          {detail.createdBy && <Fact label={t('createdBy')}>{detail.createdBy}</Fact>}
          <Fact label={t('closedAt')}>
            <When at={detail.closedAt} />
          </Fact>
          <Fact label={t('reason')} className="col-span-2 sm:col-span-4">
            {detail.reason}
          </Fact>
          <Fact label={t('resolution')} testId="case-resolution" className="col-span-2 sm:col-span-4">
            {detail.resolution || '—'}
          </Fact>
        </FactGrid>
        {actions && <div className="mt-4 border-t border-slate-100 pt-4">{actions}</div>}
      </Card>
      <Card title={t('adjustments')}>
        <DataTable
          rows={detail.adjustments}
          rowKey={(a) => a.id}
          empty={t('noAdjustments')}
          columns={[
            { key: 'time', header: t('time'), cell: (a) => <When at={a.createdAt} /> },
            { key: 'amount', header: t('amount'), cell: (a) => formatFen(a.amount, { currency: true }), className: 'text-right tabular-nums' },
            { key: 'after', header: t('balanceAfter'), cell: (a) => formatFen(a.balanceAfter, { currency: true }), className: 'text-right tabular-nums' },
            { key: 'note', header: t('note'), cell: (a) => a.note },
          ]}
        />
      </Card>
    </div>
  );
}
