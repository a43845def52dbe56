'use client';

import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/ui/chart-legend';
import { formatAxisYuan, formatFen } from '@/lib/money';

/** Billed and paid amounts per month: what people compare when they look at settlement. */
export function BillsChart({ data }: { data: { month: string; billed: number; paid: number }[] }) {
  const t = useTranslations('settlement');
  if (data.length === 0) return <p className="py-6 text-center text-sm text-slate-500">{t('noBillsYet')}</p>;
  return (
    <div className="h-64 w-full" data-testid="bills-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" fontSize={12} />
          <YAxis fontSize={12} tickFormatter={formatAxisYuan} width={70} />
          <Tooltip formatter={(v) => formatFen(Number(v), { currency: true })} />
          <Legend content={ChartLegend} />
          <Bar dataKey="billed" name={t('billed')} fill="#2f6fed" radius={[3, 3, 0, 0]} />
          <Bar dataKey="paid" name={t('paid')} fill="#10b981" radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
