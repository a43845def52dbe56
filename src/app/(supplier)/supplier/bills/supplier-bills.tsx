'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { BillsChart } from '@/components/settlement/bills-chart';
import { EarningsPanel } from '@/components/settlement/earnings-panel';
import { Badge, Card } from '@/components/ui/card';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { chinaDay } from '@/lib/china-time';
import type { BILL_SORTS } from '@/server/domain/settlement/schemas';

const PAGE_SIZE = 20;
type BillSort = (typeof BILL_SORTS)[number];

/** The supplier's earnings, its bills by month, and its bills on the list page (page in the address). */
export function SupplierBills() {
  const t = useTranslations('settlement');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const list = useListFilters<object, BillSort>({}, { url: 'bills', sort: { by: 'id', dir: 'desc' } });
  const bills = useQuery(trpc.supplier.bills.list.queryOptions({ page: list.page, pageSize: PAGE_SIZE, sort: list.sort?.by, dir: list.sort?.dir }));
  const byMonth = useQuery(trpc.supplier.bills.byMonth.queryOptions());
  return (
    <div className="flex flex-col gap-5">
      <EarningsPanel scope="supplier" />
      <Card title={t('chartTitle')}>
        <BillsChart data={byMonth.data ?? []} />
      </Card>
      <Card title={t('bills')}>
        <ListPage
          list={list}
          query={bills}
          rowKey={(b) => b.id}
          pageSize={PAGE_SIZE}
          empty={t('noBillsYet')}
          exporter={{ name: 'bills', params: {} }}
          columns={[
            { key: 'no', header: t('billNo'), cell: (b) => <Link className="font-mono text-brand-700 hover:underline" href={`/supplier/bills/${b.id}`}>{b.billNo}</Link> },
            { key: 'period', header: t('period'), sort: 'periodStart', cell: (b) => `${chinaDay(b.periodStart)} – ${chinaDay(new Date(b.periodEnd.getTime() - 1000))}` },
            { key: 'total', header: t('total'), sort: 'totalAmount', cell: (b) => formatFen(b.totalAmount, { currency: true }), className: 'text-right tabular-nums' },
            { key: 'status', header: common('status'), cell: (b) => <Badge tone={b.status === 'paid' ? 'green' : 'yellow'}>{t(`status.${b.status}`)}</Badge> },
            { key: 'paid', header: t('payment'), cell: (b) => (b.paidAt ? `${chinaDay(b.paidAt)} · ${b.paidReference}` : t('notPaidYet')) },
          ]}
        />
      </Card>
    </div>
  );
}
