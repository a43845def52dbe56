'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { Badge, Card, Stat } from '@/components/ui/card';
import { Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen, sumFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

type State = 'unbilled' | 'billed' | 'paid';
const TONE = { unbilled: 'yellow', billed: 'blue', paid: 'green' } as const;
const PAGE_SIZE = 20;

/**
 * The settlement statement: what is pending (earned, not billed), billed and awaiting
 * payment, and paid; then every earning with the bill it is on, on the list page (state and
 * page in the address as `?earnings.…`), with its exports. A supplier
 * sees its own; staff see every supplier's.
 */
export function EarningsPanel({ scope }: { scope: 'staff' | 'supplier' }) {
  const t = useTranslations('finance.supplierStatement');
  const st = useTranslations('settlement');
  const format = useFormatter();
  const trpc = useTRPC();
  const list = useListFilters<{ state?: State }>({}, { url: 'earnings' });
  const input = { state: list.filters.state, page: list.page, pageSize: PAGE_SIZE };
  const staffSummary = useQuery({ ...trpc.admin.bills.statement.queryOptions({}), enabled: scope === 'staff' });
  const ownSummary = useQuery({ ...trpc.supplier.bills.statement.queryOptions(), enabled: scope === 'supplier' });
  const staffEarnings = useQuery({ ...trpc.admin.bills.earnings.queryOptions(input, { placeholderData: keepPreviousData }), enabled: scope === 'staff' });
  const ownEarnings = useQuery({ ...trpc.supplier.bills.earnings.queryOptions(input, { placeholderData: keepPreviousData }), enabled: scope === 'supplier' });
  const summary = scope === 'staff' ? staffSummary : ownSummary;
  const earnings = scope === 'staff' ? staffEarnings : ownEarnings;
  type Row = NonNullable<typeof earnings.data>['rows'][number];
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
      <Card title={t('earnings')}>
        <ListPage
          list={list}
          query={earnings}
          rowKey={(r) => r.id}
          pageSize={PAGE_SIZE}
          empty={t('empty')}
          error={summary.error}
          filters={
            <Select aria-label={t('state')} className="w-36" value={list.draft.state ?? ''} onChange={(e) => list.set({ state: (e.target.value || undefined) as State | undefined }, true)}>
              <option value="">{t('allStates')}</option>
              {(['unbilled', 'billed', 'paid'] as const).map((s) => (
                <option key={s} value={s}>
                  {labels[s]}
                </option>
              ))}
            </Select>
          }
          exporter={{ name: 'earnings', params: { state: list.filters.state } }}
          columns={[
            { key: 'time', header: t('earnedAt'), cell: (r) => format.dateTime(r.earnedAt, { dateStyle: 'short', timeStyle: 'short' }), className: 'whitespace-nowrap' },
            ...(scope === 'staff' ? [{ key: 'supplier', header: t('supplier'), cell: (r: Row) => r.supplierName }] : []),
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
      </Card>
    </div>
  );
}
