'use client';

import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAxisYuan, formatFen } from '@/lib/money';
import type { DistributorShare } from '@/server/domain/dashboard/trends';

/** Which malls sold most over the same days: one bar per distributor. */
export function DistributorShareChart({ data }: { data: DistributorShare[] }) {
  const t = useTranslations('dashboard');
  if (data.length === 0) return <p className="py-10 text-center text-sm text-slate-500">{t('noPaidOrders')}</p>;
  const rows = data.map((d) => ({ ...d, label: `${d.code} ${d.name}` }));
  return (
    <div className="w-full" style={{ height: Math.max(160, rows.length * 40 + 40) }} data-testid="distributor-share-chart">
      <ResponsiveContainer>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" fontSize={12} tickFormatter={formatAxisYuan} />
          <YAxis type="category" dataKey="label" fontSize={12} width={140} />
          <Tooltip formatter={(v) => formatFen(Number(v), { currency: true })} />
          <Bar dataKey="paidAmount" name={t('paidAmount')} fill="#2f6fed" radius={[0, 3, 3, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
