'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Card, Stat } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { ExportLinks } from '@/components/ui/export-links';
import { Input, Select } from '@/components/ui/input';
import { MarginBreakdown, MarginChart, MoneyFlowChart, PayablesChart } from '@/components/finance/finance-charts';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { chinaDay, daysBefore } from '@/lib/china-time';


/**
 * 财务概览: the range and bucket are in the address (a link shows the same figures), days in
 * China's calendar. Charts for what people compare, figures above them, exports below.
 */
export function FinanceOverview() {
  const t = useTranslations('finance.overview');
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const today = chinaDay();
  const granularity = params.get('by') === 'month' ? 'month' : 'day';
  const from = params.get('from') ?? daysBefore(today, granularity === 'month' ? 364 : 29);
  const to = params.get('to') ?? today;
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    router.replace(`${pathname}?${next}`);
  };
  const overview = useQuery(trpc.admin.finance.overview.queryOptions({ from, to, granularity }, { placeholderData: keepPreviousData }));
  const data = overview.data;
  const money = (fen: number | undefined) => (fen === undefined ? '…' : formatFen(fen, { currency: true }));

  return (
    <div className="flex flex-col gap-5" data-testid="finance-overview">
      <form className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" onSubmit={(e) => e.preventDefault()}>
        <label className="flex flex-col gap-1 text-xs text-slate-600">
          {t('from')}
          <Input type="date" value={from} max={to} onChange={(e) => e.target.value && set({ from: e.target.value })} className="w-40" />
        </label>
        <label className="flex flex-col gap-1 text-xs text-slate-600">
          {t('to')}
          <Input type="date" value={to} min={from} onChange={(e) => e.target.value && set({ to: e.target.value })} className="w-40" />
        </label>
        <label className="flex flex-col gap-1 text-xs text-slate-600">
          {t('granularity')}
          <Select value={granularity} onChange={(e) => set({ by: e.target.value })} className="w-28">
            <option value="day">{t('byDay')}</option>
            <option value="month">{t('byMonth')}</option>
          </Select>
        </label>
        <span className="pb-2 text-xs text-slate-500">{t('timeZone')}</span>
      </form>
      <ErrorMessage error={overview.error} />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label={t('topups')} value={<span data-testid="total-topups">{money(data?.totals.topups)}</span>} />
        <Stat label={t('debits')} value={<span data-testid="total-debits">{money(data?.totals.debits)}</span>} hint={data ? `${t('refunds')} ${money(data.totals.refunds)}` : undefined} />
        <Stat label={t('margin')} value={<span data-testid="total-margin">{money(data?.totals.margin)}</span>} hint={data ? `${t('agreed')} ${money(data.totals.agreed)} − ${t('cost')} ${money(data.totals.cost)}` : undefined} />
        <Stat
          label={t('owedNow')}
          value={<span data-testid="owed-now">{money(data ? data.now.billedUnpaid + data.now.unbilled : undefined)}</span>}
          hint={data ? `${t('billedUnpaid')} ${money(data.now.billedUnpaid)} · ${t('unbilled')} ${money(data.now.unbilled)}` : undefined}
        />
      </div>
      <Card title={t('moneyTitle')}>
        <MoneyFlowChart data={data?.buckets ?? []} />
      </Card>
      <div className="grid gap-5 xl:grid-cols-2">
        <Card title={t('marginTitle')}>
          <MarginChart data={data?.buckets ?? []} />
        </Card>
        <Card title={t('payablesTitle')}>
          <PayablesChart data={data?.buckets ?? []} />
        </Card>
      </div>
      <div className="grid gap-5 xl:grid-cols-3">
        <Card title={t('byOwner')}>
          <MarginBreakdown testId="margin-by-owner" rows={(data?.marginByOwner ?? []).map((r) => ({ ...r, label: r.key === 'platform' ? t('platform') : (r.label ?? r.key) }))} />
        </Card>
        <Card title={t('byLevel')}>
          <MarginBreakdown testId="margin-by-level" rows={(data?.marginByLevel ?? []).map((r) => ({ ...r, label: r.key === 'deleted' ? t('deletedLevel') : (r.label ?? r.key) }))} />
        </Card>
        <Card title={t('byDistributor')}>
          <MarginBreakdown testId="margin-by-distributor" rows={(data?.marginByDistributor ?? []).map((r) => ({ ...r, label: r.label ?? r.key }))} />
        </Card>
      </div>
      <Card title={t('exportsTitle')}>
        <div className="flex flex-col gap-3 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span>{t('exportOrders')}</span>
            <ExportLinks name="orders" params={{ from, to }} />
          </div>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span>{t('exportLedger')}</span>
            <ExportLinks name="ledger" params={{ from, to }} />
          </div>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span>{t('exportEarnings')}</span>
            <ExportLinks name="earnings" params={{ from, to }} />
          </div>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span>{t('exportBills')}</span>
            <ExportLinks name="bills" params={{ from, to }} />
          </div>
        </div>
      </Card>
    </div>
  );
}
