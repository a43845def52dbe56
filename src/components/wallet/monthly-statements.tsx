'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/ui/chart-legend';
import { ErrorMessage } from '@/components/ui/error-message';
import { ExportLinks } from '@/components/ui/export-links';
import { DataTable } from '@/components/ui/table';
import { formatAxisYuan, formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { chinaMonth } from '@/lib/china-time';

/** The last 12 months of China's calendar, oldest first: YYYY-MM. */
function lastTwelveMonths() {
  const [y, m] = chinaMonth().split('-').map(Number);
  const month = (offset: number) => {
    const i = y * 12 + (m - 1) - offset;
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  };
  return { from: month(11), to: month(0) };
}

/**
 * 月度对账单: each month's opening balance, top-ups, order debits, refunds, adjustments and
 * closing balance (opening + the four = closing; each month opens where the last closed),
 * newest first, each downloadable with its entries. A distributor sees its own; staff one's.
 */
export function MonthlyStatements({ scope, distributorId }: { scope: 'staff' | 'distributor'; distributorId?: number }) {
  const t = useTranslations('finance.statement');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const range = lastTwelveMonths();
  const staff = useQuery({ ...trpc.admin.wallet.statements.queryOptions({ ...range, distributorId: distributorId ?? 0 }), enabled: scope === 'staff' && !!distributorId });
  const own = useQuery({ ...trpc.distributor.balance.statements.queryOptions(range), enabled: scope === 'distributor' });
  const statements = scope === 'staff' ? staff : own;
  const months = statements.data ?? [];
  const newestFirst = [...months].reverse();
  const yuan = (fen: number) => formatFen(fen, { currency: true });
  const signed = (fen: number) => (fen > 0 ? '+' : '') + yuan(fen);

  return (
    <div className="flex flex-col gap-4" data-testid="monthly-statements">
      <ErrorMessage error={statements.error} />
      {months.some((s) => s.topups || s.debits || s.refunds || s.adjustments) && (
        <div className="h-56 w-full">
          <ResponsiveContainer>
            <BarChart data={months.map((s) => ({ ...s, debits: -s.debits }))} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="month" fontSize={12} />
              <YAxis fontSize={12} width={80} tickFormatter={formatAxisYuan} />
              <Tooltip formatter={(v) => yuan(Number(v))} />
              <Legend content={ChartLegend} />
              <Bar dataKey="topups" name={t('topups')} fill="#10b981" radius={[3, 3, 0, 0]} />
              <Bar dataKey="debits" name={t('debits')} fill="#2f6fed" radius={[3, 3, 0, 0]} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <DataTable
        rows={newestFirst}
        rowKey={(s) => s.month}
        empty={statements.isLoading ? common('loading') : t('empty')}
        columns={[
          { key: 'month', header: t('month'), cell: (s) => <span className="font-mono">{s.month}</span> },
          { key: 'opening', header: t('opening'), cell: (s) => yuan(s.opening), className: 'text-right tabular-nums whitespace-nowrap' },
          { key: 'topups', header: t('topups'), cell: (s) => signed(s.topups), className: 'text-right tabular-nums whitespace-nowrap' },
          { key: 'debits', header: t('debits'), cell: (s) => signed(s.debits), className: 'text-right tabular-nums whitespace-nowrap' },
          { key: 'refunds', header: t('refunds'), cell: (s) => signed(s.refunds), className: 'text-right tabular-nums whitespace-nowrap' },
          { key: 'adjustments', header: t('adjustments'), cell: (s) => signed(s.adjustments), className: 'text-right tabular-nums whitespace-nowrap' },
          { key: 'closing', header: t('closing'), cell: (s) => <strong data-testid={`closing-${s.month}`}>{yuan(s.closing)}</strong>, className: 'text-right tabular-nums whitespace-nowrap' },
          { key: 'download', header: t('download'), cell: (s) => <ExportLinks name="statement" params={{ month: s.month, distributorId }} /> },
        ]}
      />
    </div>
  );
}
