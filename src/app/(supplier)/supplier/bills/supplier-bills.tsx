'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { BillsChart } from '@/components/settlement/bills-chart';
import { EarningsPanel } from '@/components/settlement/earnings-panel';
import { Badge, Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { ExportLinks } from '@/components/ui/export-links';
import { Pagination } from '@/components/ui/pagination';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { chinaDay } from '@/lib/china-time';


export function SupplierBills() {
  const t = useTranslations('settlement');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const bills = useQuery(trpc.supplier.bills.list.queryOptions({ page, pageSize: 20 }));
  const byMonth = useQuery(trpc.supplier.bills.byMonth.queryOptions());
  return (
    <div className="flex flex-col gap-5">
      <EarningsPanel scope="supplier" />
      <Card title={t('chartTitle')}>
        <BillsChart data={byMonth.data ?? []} />
      </Card>
      <Card title={t('bills')} actions={<ExportLinks name="bills" />}>
        <ErrorMessage error={bills.error} />
        <DataTable
          rows={bills.data?.items ?? []}
          rowKey={(b) => b.id}
          empty={bills.isLoading ? common('loading') : t('noBillsYet')}
          columns={[
            { key: 'no', header: t('billNo'), cell: (b) => <Link className="font-mono text-brand-700 hover:underline" href={`/supplier/bills/${b.id}`}>{b.billNo}</Link> },
            { key: 'period', header: t('period'), cell: (b) => `${chinaDay(b.periodStart)} – ${chinaDay(new Date(b.periodEnd.getTime() - 1000))}` },
            { key: 'total', header: t('total'), cell: (b) => formatFen(b.totalAmount, { currency: true }), className: 'text-right tabular-nums' },
            { key: 'status', header: common('status'), cell: (b) => <Badge tone={b.status === 'paid' ? 'green' : 'yellow'}>{t(`status.${b.status}`)}</Badge> },
            { key: 'paid', header: t('payment'), cell: (b) => (b.paidAt ? `${chinaDay(b.paidAt)} · ${b.paidReference}` : t('notPaidYet')) },
          ]}
        />
        <div className="mt-3">
          <Pagination page={page} pageSize={20} total={bills.data?.total ?? 0} onPage={setPage} />
        </div>
      </Card>
    </div>
  );
}
