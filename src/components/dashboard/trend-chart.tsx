'use client';

import { useTranslations } from 'next-intl';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/ui/chart-legend';
import { formatAxisYuan, formatFen } from '@/lib/money';
import type { DayPoint } from '@/server/domain/dashboard/trends';

/** Orders (bars) and money (line) per day, side by side so the two can be compared. */
export function TrendChart({ data, amountLabel }: { data: DayPoint[]; amountLabel: string }) {
  const t = useTranslations('dashboard');
  return (
    <div className="h-64 w-full" data-testid="trend-chart">
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" fontSize={12} tickFormatter={(d: string) => d.slice(5)} />
          <YAxis yAxisId="orders" allowDecimals={false} fontSize={12} width={40} />
          <YAxis yAxisId="amount" orientation="right" fontSize={12} width={80} tickFormatter={formatAxisYuan} />
          <Tooltip formatter={(value, name) => (name === amountLabel ? formatFen(Number(value), { currency: true }) : value)} />
          <Legend content={ChartLegend} />
          <Bar yAxisId="orders" dataKey="orders" name={t('ordersPerDay')} fill="#93b4f6" radius={[3, 3, 0, 0]} />
          <Line yAxisId="amount" dataKey="paidAmount" name={amountLabel} stroke="#1f57d6" strokeWidth={2} dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
