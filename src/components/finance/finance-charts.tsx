'use client';

import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/ui/chart-legend';
import { DataTable } from '@/components/ui/table';
import { formatAxisYuan, formatFen } from '@/lib/money';
import type { FinanceBucket, MarginRow } from '@/server/domain/finance/overview';

const tooltipYuan = (v: unknown) => formatFen(Number(v), { currency: true });

function Empty() {
  const t = useTranslations('finance.overview');
  return <p className="py-10 text-center text-sm text-slate-500">{t('nothing')}</p>;
}

const hasAny = (data: FinanceBucket[], keys: (keyof FinanceBucket)[]) => data.some((b) => keys.some((k) => b[k] !== 0));

/** Top-ups, order debits, refunds and adjustments per bucket: the distributors' money moving. */
export function MoneyFlowChart({ data }: { data: FinanceBucket[] }) {
  const t = useTranslations('finance.overview');
  if (!hasAny(data, ['topups', 'debits', 'refunds', 'adjustments'])) return <Empty />;
  return (
    <div className="h-72 w-full" data-testid="money-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" fontSize={12} />
          <YAxis fontSize={12} width={80} tickFormatter={formatAxisYuan} />
          <Tooltip formatter={tooltipYuan} />
          <Legend content={ChartLegend} />
          <Bar dataKey="topups" name={t('topups')} fill="#10b981" radius={[3, 3, 0, 0]} />
          <Bar dataKey="debits" name={t('debits')} fill="#2f6fed" radius={[3, 3, 0, 0]} />
          <Bar dataKey="refunds" name={t('refunds')} fill="#f59e0b" radius={[3, 3, 0, 0]} />
          <Bar dataKey="adjustments" name={t('adjustments')} fill="#94a3b8" radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Agreed price and cost of what was sold (bars) and the platform's margin (line) per bucket. */
export function MarginChart({ data }: { data: FinanceBucket[] }) {
  const t = useTranslations('finance.overview');
  if (!hasAny(data, ['agreed', 'cost'])) return <Empty />;
  return (
    <div className="h-64 w-full" data-testid="margin-chart">
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" fontSize={12} />
          <YAxis fontSize={12} width={80} tickFormatter={formatAxisYuan} />
          <Tooltip formatter={tooltipYuan} />
          <Legend content={ChartLegend} />
          <Bar dataKey="agreed" name={t('agreed')} fill="#93b4f6" radius={[3, 3, 0, 0]} />
          <Bar dataKey="cost" name={t('cost')} fill="#cbd5e1" radius={[3, 3, 0, 0]} />
          <Line dataKey="margin" name={t('margin')} stroke="#1f57d6" strokeWidth={2} dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** What suppliers earned per bucket, stacked by where it stands: paid, billed, not billed yet. */
export function PayablesChart({ data }: { data: FinanceBucket[] }) {
  const t = useTranslations('finance.overview');
  if (!hasAny(data, ['earned'])) return <Empty />;
  return (
    <div className="h-64 w-full" data-testid="payables-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" fontSize={12} />
          <YAxis fontSize={12} width={80} tickFormatter={formatAxisYuan} />
          <Tooltip formatter={tooltipYuan} />
          <Legend content={ChartLegend} />
          <Bar dataKey="payablePaid" stackId="p" name={t('paid')} fill="#10b981" />
          <Bar dataKey="payableBilled" stackId="p" name={t('billedUnpaid')} fill="#2f6fed" />
          <Bar dataKey="payableUnbilled" stackId="p" name={t('unbilled')} fill="#f59e0b" radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The margin by one grouping (owner, level, distributor): a bar per row, and the figures. */
export function MarginBreakdown({ rows, testId }: { rows: (MarginRow & { label: string })[]; testId: string }) {
  const t = useTranslations('finance.overview');
  if (rows.length === 0) return <Empty />;
  return (
    <div className="flex flex-col gap-3" data-testid={testId}>
      <div className="w-full" style={{ height: Math.max(120, rows.length * 36 + 30) }}>
        <ResponsiveContainer>
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" fontSize={12} tickFormatter={formatAxisYuan} />
            <YAxis type="category" dataKey="label" fontSize={12} width={120} />
            <Tooltip formatter={tooltipYuan} />
            <Bar dataKey="margin" name={t('margin')} fill="#1f57d6" radius={[0, 3, 3, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        rows={rows}
        rowKey={(r) => r.key}
        empty={t('nothing')}
        columns={[
          { key: 'label', header: t('group'), cell: (r) => r.label },
          { key: 'agreed', header: t('agreed'), cell: (r) => formatFen(r.agreed, { currency: true }), className: 'text-right tabular-nums whitespace-nowrap' },
          { key: 'margin', header: t('margin'), cell: (r) => formatFen(r.margin, { currency: true }), className: 'text-right tabular-nums whitespace-nowrap' },
        ]}
      />
    </div>
  );
}
