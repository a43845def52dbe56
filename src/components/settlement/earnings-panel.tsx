'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Badge, Card, Stat } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { ExportLinks } from '@/components/ui/export-links';
import { Select } from '@/components/ui/input';
import { Pagination } from '@/components/ui/pagination';
import { DataTable } from '@/components/ui/table';
import { formatFen, sumFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

type State = 'unbilled' | 'billed' | 'paid';
const TONE = { unbilled: 'yellow', billed: 'blue', paid: 'green' } as const;

/**
 * The settlement statement: what is pending (earned, not billed), billed and awaiting
 * payment, and paid; then every earning with the bill it is on, and the exports. A supplier
 * sees its own; staff see every supplier's.
 */
export function EarningsPanel({ scope }: { scope: 'staff' | 'supplier' }) {
  const t = useTranslations('finance.supplierStatement');
  const common = useTranslations('common');
  const st = useTranslations('settlement');
  const format = useFormatter();
  const trpc = useTRPC();
  const [state, setState] = useState<State | undefined>();
  const [page, setPage] = useState(1);
  const input = { state, page, pageSize: 20 };
  const staffSummary = useQuery({ ...trpc.admin.bills.statement.queryOptions({}), enabled: scope === 'staff' });
  const ownSummary = useQuery({ ...trpc.supplier.bills.statement.queryOptions(), enabled: scope === 'supplier' });
  const staffEarnings = useQuery({ ...trpc.admin.bills.earnings.queryOptions(input, { placeholderData: keepPreviousData }), enabled: scope === 'staff' });
  const ownEarnings = useQuery({ ...trpc.supplier.bills.earnings.queryOptions(input, { placeholderData: keepPreviousData }), enabled: scope === 'supplier' });
  const summary = scope === 'staff' ? staffSummary : ownSummary;
  const earnings = scope === 'staff' ? staffEarnings : ownEarnings;
  const rows = earnings.data?.rows ?? [];
  const stat = (key: State, label: string, hint: string) => (
    <Stat
      label={label}
      value={<span data-testid={`statement-${key}`}>{summary.data ? formatFen(summary.data[key].amount, { currency: true }) : '…'}</span>}
      hint={`${hint} · ${t('lines', { count: summary.data?.[key].lines ?? 0 })}`}
    />
  );
  const labels: Record<State, string> = { unbilled: t('pending'), billed: t('billed'), paid: t('paid') };

  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {stat('unbilled', t('pending'), t('pendingHint'))}
        {stat('billed', t('billed'), t('billedHint'))}
        {stat('paid', t('paid'), t('paidHint'))}
      </div>
      <Card
        title={t('earnings')}
        actions={
          <div className="flex items-center gap-2">
            <Select aria-label={t('state')} className="w-36" value={state ?? ''} onChange={(e) => { setState((e.target.value || undefined) as State | undefined); setPage(1); }}>
              <option value="">{t('allStates')}</option>
              {(['unbilled', 'billed', 'paid'] as const).map((s) => (
                <option key={s} value={s}>
                  {labels[s]}
                </option>
              ))}
            </Select>
            <ExportLinks name="earnings" params={{ state }} />
          </div>
        }
      >
        <ErrorMessage error={summary.error ?? earnings.error} />
        <DataTable
          rows={rows}
          rowKey={(r) => r.id}
          empty={earnings.isLoading ? common('loading') : t('empty')}
          columns={[
            { key: 'time', header: t('earnedAt'), cell: (r) => format.dateTime(r.earnedAt, { dateStyle: 'short', timeStyle: 'short' }), className: 'whitespace-nowrap' },
            ...(scope === 'staff' ? [{ key: 'supplier', header: t('supplier'), cell: (r: (typeof rows)[number]) => r.supplierName }] : []),
            { key: 'order', header: st('orderNo'), cell: (r) => <span className="font-mono text-xs">{r.orderNo}</span> },
            { key: 'product', header: st('product'), cell: (r) => `${r.title} × ${r.quantity}` },
            { key: 'amount', header: st('amount'), cell: (r) => formatFen(sumFen([r.amount, r.freight]), { currency: true }), className: 'text-right tabular-nums whitespace-nowrap' },
            { key: 'state', header: t('state'), cell: (r) => <Badge tone={TONE[r.state]}>{labels[r.state]}</Badge> },
            {
              key: 'bill',
              header: t('bill'),
              cell: (r) =>
                r.billId ? (
                  <Link className="font-mono text-xs text-brand-700 hover:underline" href={`/${scope === 'staff' ? 'admin' : 'supplier'}/bills/${r.billId}`}>
                    {r.billNo}
                  </Link>
                ) : (
                  '—'
                ),
            },
          ]}
        />
        <div className="mt-3">
          <Pagination page={page} pageSize={20} total={earnings.data?.total ?? 0} onPage={setPage} />
        </div>
      </Card>
    </div>
  );
}
