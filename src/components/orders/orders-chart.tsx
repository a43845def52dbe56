'use client';

import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/ui/chart-legend';
import { ORDER_STATUSES, STATUS_COLOURS } from './status-badge';

/** Orders placed per day, stacked by their status now: how busy each day was, and how its orders ended. */
export function OrdersChart({ data, days }: { data: ({ day: string } & Record<(typeof ORDER_STATUSES)[number], number>)[]; days: number }) {
  const t = useTranslations('orders');
  const empty = data.every((d) => ORDER_STATUSES.every((s) => d[s] === 0));
  return (
    <div data-testid="orders-chart">
      <h2 className="mb-2 text-sm font-semibold text-slate-800">{t('chart.title', { days })}</h2>
      {empty ? (
        <p className="py-6 text-center text-sm text-slate-500">{t('chart.empty')}</p>
      ) : (
        <div className="h-56 w-full">
          <ResponsiveContainer>
            <BarChart data={data.map((d) => ({ ...d, label: d.day.slice(5) }))} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" fontSize={12} />
              <YAxis allowDecimals={false} fontSize={12} width={40} />
              <Tooltip />
              <Legend content={ChartLegend} />
              {ORDER_STATUSES.map((s) => (
                <Bar key={s} dataKey={s} stackId="orders" name={t(`status.${s}`)} fill={STATUS_COLOURS[s]} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  );
}
