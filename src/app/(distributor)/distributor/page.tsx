import { getTranslations } from 'next-intl/server';
import { Card, PageHeader, Stat } from '@/components/ui/card';
import { TrendChart } from '@/components/dashboard/trend-chart';
import { formatFen } from '@/lib/money';
import { requirePortal } from '@/server/auth/guard';
import { serverCaller } from '@/lib/trpc/server';

export default async function DistributorHome() {
  await requirePortal('distributor');
  const t = await getTranslations('dashboard');
  const caller = await serverCaller();
  const [overview, trends] = await Promise.all([caller.distributor.overview(), caller.distributor.trends()]);
  return (
    <>
      <PageHeader title={t('welcome', { name: `${overview.name}（${overview.code}）` })} description={t('distributorIntro')} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Stat label={t('balance')} value={<span data-testid="balance">{formatFen(overview.balance, { currency: true })}</span>} />
        <Stat label={t('level')} value={overview.levelName} />
        <Stat label={t('feeRate')} value={`${(overview.feeBps / 100).toFixed(2)}%`} />
      </div>
      <Card title={t('trendTitle')} className="mt-5">
        <TrendChart data={trends.perDay} amountLabel={t('spentAmount')} />
      </Card>
    </>
  );
}
