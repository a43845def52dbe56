'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { BillsChart } from '@/components/settlement/bills-chart';
import { EarningsPanel } from '@/components/settlement/earnings-panel';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Input, Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { DataTable } from '@/components/ui/table';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { chinaDay } from '@/lib/china-time';
import type { BILL_SORTS } from '@/server/domain/settlement/schemas';


const PAGE_SIZE = 20;
type BillSort = (typeof BILL_SORTS)[number];

export function AdminBills() {
  const t = useTranslations('settlement');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useListFilters<{ status?: 'unpaid' | 'paid' }, BillSort>({}, { url: 'bills', sort: { by: 'id', dir: 'desc' } });
  const [generatingFor, setGeneratingFor] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const unbilled = useQuery(trpc.admin.bills.unbilled.queryOptions());
  const byMonth = useQuery(trpc.admin.bills.byMonth.queryOptions());
  const bills = useQuery(trpc.admin.bills.list.queryOptions({ page: list.page, pageSize: PAGE_SIZE, status: list.filters.status, sort: list.sort?.by, dir: list.sort?.dir }));
  const generate = useMutation(
    trpc.admin.bills.generate.mutationOptions({
      onSuccess: (bill) => {
        setNotice(t('generated', { billNo: bill.billNo }));
        setGeneratingFor(null);
        void queryClient.invalidateQueries({ queryKey: trpc.admin.bills.pathKey() });
      },
    }),
  );

  return (
    <div className="flex flex-col gap-5">
      {notice && <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">{notice}</p>}
      <Card title={t('unbilled')}>
        <ErrorMessage error={unbilled.error ?? generate.error} />
        <DataTable
          rows={unbilled.data ?? []}
          rowKey={(u) => u.supplierId}
          empty={unbilled.isLoading ? common('loading') : t('unbilledEmpty')}
          columns={[
            { key: 'supplier', header: t('supplier'), cell: (u) => u.supplierName },
            { key: 'lines', header: t('lines'), cell: (u) => u.lines, className: 'text-right' },
            { key: 'amount', header: t('total'), cell: (u) => formatFen(u.amount, { currency: true }), className: 'text-right tabular-nums' },
            { key: 'since', header: t('since'), cell: (u) => (u.firstEarnedAt ? format.dateTime(u.firstEarnedAt, { dateStyle: 'medium' }) : '') },
            {
              key: 'go',
              header: common('actions'),
              cell: (u) =>
                generatingFor === u.supplierId ? (
                  <form
                    className="flex flex-wrap items-center gap-2"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const f = new FormData(e.currentTarget);
                      generate.mutate({ supplierId: u.supplierId, periodStart: String(f.get('from')), periodEnd: String(f.get('to')) });
                    }}
                  >
                    <Input type="date" name="from" aria-label={t('periodStart')} className="w-40" defaultValue={u.firstEarnedAt ? chinaDay(u.firstEarnedAt) : undefined} required />
                    <Input type="date" name="to" aria-label={t('periodEnd')} className="w-40" defaultValue={chinaDay(new Date())} required />
                    <Button type="submit" size="sm" disabled={generate.isPending}>
                      {generate.isPending ? t('generating') : t('generate')}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setGeneratingFor(null)}>
                      {common('cancel')}
                    </Button>
                  </form>
                ) : (
                  <Button size="sm" onClick={() => setGeneratingFor(u.supplierId)}>
                    {t('generate')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <EarningsPanel scope="staff" />
      <Card title={t('chartTitle')}>
        <BillsChart data={byMonth.data ?? []} />
      </Card>
      <Card title={t('bills')}>
        <ListPage
          list={list}
          query={bills}
          rowKey={(b) => b.id}
          pageSize={PAGE_SIZE}
          empty={common('empty')}
          filters={
            <Select aria-label={common('status')} className="w-36" value={list.draft.status ?? ''} onChange={(e) => list.set({ status: (e.target.value || undefined) as 'unpaid' | 'paid' | undefined }, true)}>
              <option value="">{t('allStatuses')}</option>
              <option value="unpaid">{t('status.unpaid')}</option>
              <option value="paid">{t('status.paid')}</option>
            </Select>
          }
          exporter={{ name: 'bills', params: { status: list.filters.status } }}
          columns={[
            { key: 'no', header: t('billNo'), cell: (b) => <Link className="font-mono text-brand-700 hover:underline" href={`/admin/bills/${b.id}`}>{b.billNo}</Link> },
            { key: 'supplier', header: t('supplier'), cell: (b) => b.supplierName },
            {
              key: 'period',
              header: t('period'),
              sort: 'periodStart',
              cell: (b) => `${chinaDay(b.periodStart)} – ${chinaDay(new Date(b.periodEnd.getTime() - 1000))}`,
            },
            { key: 'total', header: t('total'), sort: 'totalAmount', cell: (b) => formatFen(b.totalAmount, { currency: true }), className: 'text-right tabular-nums' },
            { key: 'status', header: common('status'), cell: (b) => <Badge tone={b.status === 'paid' ? 'green' : 'yellow'}>{t(`status.${b.status}`)}</Badge> },
          ]}
        />
      </Card>
    </div>
  );
}
