'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { Card, Stat } from '@/components/ui/card';
import { BalanceChart } from '@/components/wallet/balance-chart';
import { LedgerPanel } from '@/components/wallet/ledger-panel';
import { MonthlyStatements } from '@/components/wallet/monthly-statements';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { TopupApplication } from './topup-application';
import { TopupHistory } from './topup-history';

export function BalanceView() {
  const t = useTranslations('wallet');
  const statement = useTranslations('finance.statement');
  const format = useFormatter();
  const trpc = useTRPC();
  const summary = useQuery(trpc.distributor.balance.summary.queryOptions());

  return (
    <div className="flex flex-col gap-5">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Stat
          label={t('balancePage.current')}
          value={<span data-testid="current-balance">{summary.data ? formatFen(summary.data.balance, { currency: true }) : '…'}</span>}
          hint={summary.data ? t('balancePage.asOf', { time: format.dateTime(summary.data.updatedAt, { dateStyle: 'short', timeStyle: 'short' }) }) : undefined}
        />
        <Stat
          label={t('balancePage.pending')}
          value={summary.data ? formatFen(summary.data.pendingTopupAmount, { currency: true }) : '…'}
          hint={t('balancePage.pendingCount', { count: summary.data?.pendingTopups ?? 0 })}
        />
      </div>
      <div className="grid gap-5 lg:grid-cols-[1fr_22rem]">
        <BalanceChart scope="distributor" />
        <Card title={t('topup.applyTitle')}>
          <TopupApplication />
        </Card>
      </div>
      <Card title={t('topup.historyTitle')}>
        <TopupHistory />
      </Card>
      <Card title={t('ledger.title')}>
        <LedgerPanel scope="distributor" />
      </Card>
      <Card title={statement('title')}>
        <p className="mb-3 text-xs text-slate-500">{statement('intro')}</p>
        <MonthlyStatements scope="distributor" />
      </Card>
    </div>
  );
}
