'use client';

import { useTranslations } from 'next-intl';
import { formatFen } from '@/lib/money';
import type { Breach } from '@/server/domain/invariants/types';

/** Figures in fen, shown as ¥. `expected` is fen except where it counts events. */
const MONEY = new Set(['amount', 'totalAmount', 'freight', 'expectedAmount', 'expectedFreight', 'linesTotal', 'balance', 'balanceAfter', 'ledgerSum', 'lastBalanceAfter', 'credited']);
const isMoney = (rule: string, key: string) => MONEY.has(key) || (key === 'expected' && rule !== 'outbox.event');

/**
 * A breach's compared figures (Breach.values), worded for staff in their language: each
 * named, amounts as ¥, statuses as the portals name them. The English sentence of
 * `npm run check` stays in the title, for whoever pastes it into a ticket.
 */
export function BreachFigures({ breach }: { breach: Breach }) {
  const t = useTranslations('finance.reconciliation.values');
  const orderStatus = useTranslations('orders.status');
  const topupStatus = useTranslations('wallet.topup.status');

  const shown = (key: string, value: string | number | null): string => {
    if (value === null) return t('none');
    if (typeof value === 'number' && isMoney(breach.rule, key)) return formatFen(value, { currency: true });
    if (key === 'status') {
      const names = breach.rule === 'topup.credited_once' ? topupStatus : orderStatus;
      return names.has(String(value)) ? names(String(value)) : String(value);
    }
    if (key === 'inPeriod') return value ? t('yes') : t('no');
    if (key === 'billSupplierId' || key === 'earningSupplierId') return `#${value}`;
    return String(value);
  };

  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-600" title={breach.message} data-testid="breach-figures">
      {Object.entries(breach.values).map(([key, value]) => (
        <div key={key} className="flex gap-1">
          <dt>{t.has(key) ? t(key) : key}</dt>
          <dd className={key === 'type' || key === 'ref' || key === 'mallOrderNo' ? 'font-mono text-slate-800' : 'font-medium text-slate-800'}>{shown(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
