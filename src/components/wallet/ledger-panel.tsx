'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/input';
import { ListPage, type ListColumn } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

type Kind = 'topup' | 'adjustment' | 'order_debit' | 'refund_credit';
type Filters = { kind?: Kind; direction?: 'credit' | 'debit'; from?: string; to?: string; search?: string };

const KIND_TONE = { topup: 'green', adjustment: 'yellow', order_debit: 'blue', refund_credit: 'gray' } as const;
const PAGE_SIZE = 20;

/**
 * The ledger on the list page: its filters (kept in the address as `?ledger.…`), paging and
 * the CSV/Excel export of every entry they match. Staff see every distributor's (or one's,
 * with `distributorId`) and who made each entry; a distributor sees its own.
 */
export function LedgerPanel({ scope, distributorId }: { scope: 'staff' | 'distributor'; distributorId?: number }) {
  const t = useTranslations('wallet');
  const format = useFormatter();
  const trpc = useTRPC();
  const list = useListFilters<Filters>({}, { url: 'ledger' });
  const { draft, set, filters, page } = list;
  const input = { ...filters, page, pageSize: PAGE_SIZE };

  const staffLedger = useQuery({ ...trpc.admin.wallet.ledger.queryOptions({ ...input, distributorId }), enabled: scope === 'staff' });
  const ownLedger = useQuery({ ...trpc.distributor.balance.ledger.queryOptions(input), enabled: scope === 'distributor' });
  const ledger = scope === 'staff' ? staffLedger : ownLedger;
  type Row = NonNullable<typeof ledger.data>['rows'][number];

  const columns: ListColumn<Row>[] = [
    { key: 'time', header: t('ledger.time'), cell: (r) => format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'medium' }), className: 'whitespace-nowrap' },
    ...(scope === 'staff' && distributorId === undefined ? [{ key: 'distributor', header: t('ledger.distributor'), cell: (r: Row) => <span className="font-mono">{r.distributorCode}</span> }] : []),
    { key: 'kind', header: t('ledger.kind'), className: 'whitespace-nowrap', cell: (r) => <Badge tone={KIND_TONE[r.kind]}>{t(`kind.${r.kind}`)}</Badge> },
    {
      key: 'amount',
      header: t('ledger.amount'),
      className: 'text-right tabular-nums whitespace-nowrap',
      cell: (r) => <span className={r.amount > 0 ? 'text-emerald-700' : 'text-red-700'}>{(r.amount > 0 ? '+' : '') + formatFen(r.amount, { currency: true })}</span>,
    },
    { key: 'after', header: t('ledger.balanceAfter'), className: 'text-right tabular-nums whitespace-nowrap', cell: (r) => formatFen(r.balanceAfter, { currency: true }) },
    { key: 'ref', header: t('ledger.ref'), cell: (r) => <span className="font-mono text-xs">{r.ref}</span> },
    { key: 'note', header: t('ledger.note'), cell: (r) => <span className="text-slate-600">{r.note}</span> },
    ...(scope === 'staff' ? [{ key: 'by', header: t('ledger.createdBy'), cell: (r: Row) => r.createdBy ?? t('ledger.system') }] : []),
  ];

  return (
    <div data-testid="ledger">
      <ListPage
        list={list}
        query={ledger}
        rowKey={(r) => r.id}
        pageSize={PAGE_SIZE}
        empty={t('ledger.empty')}
        columns={columns}
        exporter={{ name: 'ledger', params: { ...filters, distributorId } }}
        filters={
          <>
            <label className="flex flex-col gap-1 text-xs text-slate-600">
              {t('ledger.kind')}
              <Select value={draft.kind ?? ''} onChange={(e) => set({ kind: (e.target.value || undefined) as Kind | undefined })} className="w-32">
                <option value="">{t('ledger.all')}</option>
                {(['topup', 'adjustment', 'order_debit', 'refund_credit'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}`)}
                  </option>
                ))}
              </Select>
            </label>
            <label className="flex flex-col gap-1 text-xs text-slate-600">
              {t('ledger.direction')}
              <Select value={draft.direction ?? ''} onChange={(e) => set({ direction: (e.target.value || undefined) as Filters['direction'] })} className="w-28">
                <option value="">{t('ledger.all')}</option>
                <option value="credit">{t('ledger.credit')}</option>
                <option value="debit">{t('ledger.debit')}</option>
              </Select>
            </label>
            <label className="flex flex-col gap-1 text-xs text-slate-600">
              {t('ledger.from')}
              <Input type="date" value={draft.from ?? ''} onChange={(e) => set({ from: e.target.value })} className="w-40" />
            </label>
            <label className="flex flex-col gap-1 text-xs text-slate-600">
              {t('ledger.to')}
              <Input type="date" value={draft.to ?? ''} onChange={(e) => set({ to: e.target.value })} className="w-40" />
            </label>
            <label className="flex flex-col gap-1 text-xs text-slate-600">
              {t('ledger.search')}
              <Input value={draft.search ?? ''} onChange={(e) => set({ search: e.target.value })} placeholder={t('ledger.searchHint')} className="w-48" />
            </label>
          </>
        }
      />
    </div>
  );
}
