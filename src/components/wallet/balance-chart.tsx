'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/ui/chart-legend';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Select } from '@/components/ui/input';
import { formatAxisYuan, formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

const RANGES = [30, 90, 365] as const;

/**
 * The balance at the end of each day, over the day's credits and debits. Staff see one
 * distributor's (with `distributorId`) or the total over every distributor.
 */
export function BalanceChart({ scope, distributorId, title }: { scope: 'staff' | 'distributor'; distributorId?: number; title?: string }) {
  const t = useTranslations('wallet');
  const trpc = useTRPC();
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const staffSeries = useQuery({ ...trpc.admin.wallet.balanceSeries.queryOptions({ days, distributorId }), enabled: scope === 'staff' });
  const ownSeries = useQuery({ ...trpc.distributor.balance.series.queryOptions({ days }), enabled: scope === 'distributor' });
  const series = scope === 'staff' ? staffSeries : ownSeries;

  return (
    <Card
      title={title ?? t('chart.title')}
      actions={
        <Select aria-label={t('chart.range')} value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof RANGES)[number])} className="w-32 py-1">
          {RANGES.map((n) => (
            <option key={n} value={n}>
              {t('chart.lastDays', { days: n })}
            </option>
          ))}
        </Select>
      }
    >
      <ErrorMessage error={series.error} />
      <div className="h-72" data-testid="balance-chart">
        {series.data && (
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={series.data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 11 }} minTickGap={16} />
              <YAxis tickFormatter={formatAxisYuan} allowDecimals={false} tick={{ fontSize: 11 }} width={88} />
              <Tooltip formatter={(value, name) => [formatFen(Math.round(Number(value)), { currency: true }), name]} labelFormatter={(d) => String(d)} />
              <Legend content={ChartLegend} />
              <Bar dataKey="credits" name={t('chart.credits')} fill="#10b981" barSize={8} />
              <Bar dataKey="debits" name={t('chart.debits')} fill="#ef4444" barSize={8} />
              <Line type="linear" dataKey="balance" name={t('chart.balance')} stroke="#1f57d6" strokeWidth={2} dot={false} />
            </ComposedChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}
