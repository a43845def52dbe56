'use client';

import { useTranslations } from 'next-intl';
import type { ReactElement } from 'react';
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

/**
 * One chart of amounts per bucket (day or month): the grid, the buckets along the bottom,
 * yuan up the side and in the tooltip, the legend; `series` are the chart's bars and lines
 * (given as an array: recharts reads its own elements among the chart's direct children).
 */
function BucketChart({ data, testId, height, composed = false, series }: { data: FinanceBucket[]; testId: string; height: string; composed?: boolean; series: ReactElement[] }) {
  const Chart = composed ? ComposedChart : BarChart;
  return (
    <div className={`${height} w-full`} data-testid={testId}>
      <ResponsiveContainer>
        <Chart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" fontSize={12} />
          <YAxis fontSize={12} width={80} tickFormatter={formatAxisYuan} />
          <Tooltip formatter={tooltipYuan} />
          <Legend content={ChartLegend} />
          {series}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}

/** Top-ups, order debits, refunds and adjustments per bucket: the distributors' money moving. */
export function MoneyFlowChart({ data }: { data: FinanceBucket[] }) {
  const t = useTranslations('finance.overview');
  if (!hasAny(data, ['topups', 'debits', 'refunds', 'adjustments'])) return <Empty />;
  return (
    <BucketChart
      data={data}
      testId="money-chart"
      height="h-72"
      series={[
        <Bar key="topups" dataKey="topups" name={t('topups')} fill="#10b981" radius={[3, 3, 0, 0]} />,
        <Bar key="debits" dataKey="debits" name={t('debits')} fill="#2f6fed" radius={[3, 3, 0, 0]} />,
        <Bar key="refunds" dataKey="refunds" name={t('refunds')} fill="#f59e0b" radius={[3, 3, 0, 0]} />,
        <Bar key="adjustments" dataKey="adjustments" name={t('adjustments')} fill="#94a3b8" radius={[3, 3, 0, 0]} />,
      ]}
    />
  );
}

/** Agreed price and cost of what was sold (bars) and the platform's margin (line) per bucket. */
export function MarginChart({ data }: { data: FinanceBucket[] }) {
  const t = useTranslations('finance.overview');
  if (!hasAny(data, ['agreed', 'cost'])) return <Empty />;
  return (
    <BucketChart
      data={data}
      testId="margin-chart"
      height="h-64"
      composed
      series={[
        <Bar key="agreed" dataKey="agreed" name={t('agreed')} fill="#93b4f6" radius={[3, 3, 0, 0]} />,
        <Bar key="cost" dataKey="cost" name={t('cost')} fill="#cbd5e1" radius={[3, 3, 0, 0]} />,
        <Line key="margin" dataKey="margin" name={t('margin')} stroke="#1f57d6" strokeWidth={2} dot={false} />,
      ]}
    />
  );
}

/** What suppliers earned per bucket, stacked by where it stands: paid, billed, not billed yet. */
export function PayablesChart({ data }: { data: FinanceBucket[] }) {
  const t = useTranslations('finance.overview');
  if (!hasAny(data, ['earned'])) return <Empty />;
  return (
    <BucketChart
      data={data}
      testId="payables-chart"
      height="h-64"
      series={[
        <Bar key="paid" dataKey="payablePaid" stackId="p" name={t('paid')} fill="#10b981" />,
        <Bar key="billed" dataKey="payableBilled" stackId="p" name={t('billedUnpaid')} fill="#2f6fed" />,
        <Bar key="unbilled" dataKey="payableUnbilled" stackId="p" name={t('unbilled')} fill="#f59e0b" radius={[3, 3, 0, 0]} />,
      ]}
    />
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
