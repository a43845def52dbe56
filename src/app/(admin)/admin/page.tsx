import { getTranslations } from 'next-intl/server';
import { Card, PageHeader, Stat } from '@/components/ui/card';
import { DistributorShareChart } from '@/components/dashboard/distributor-share-chart';
import { TrendChart } from '@/components/dashboard/trend-chart';
import { ProductStatusStats } from '@/components/portal/product-status-stats';
import { requirePortal } from '@/server/auth/guard';
import { serverCaller } from '@/lib/trpc/server';

export default async function AdminHome() {
  const identity = await requirePortal('staff');
  const [t, nav] = await Promise.all([getTranslations('dashboard'), getTranslations('nav')]);
  const caller = await serverCaller();
  const [overview, trends] = await Promise.all([caller.admin.overview(), caller.admin.trends()]);
  return (
    <>
      <PageHeader title={t('welcome', { name: identity.displayName || identity.username })} description={t('staffIntro')} />
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{t('productsByStatus')}</h2>
      <ProductStatusStats counts={overview.productsByStatus} />
      <div className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Stat label={nav('suppliers')} value={overview.suppliers} />
        <Stat label={nav('distributors')} value={overview.distributors} />
        <Stat label={nav('topups')} value={overview.pendingTopups} />
      </div>
      <div className="mt-5 grid gap-4 xl:grid-cols-2">
        <Card title={t('trendTitle')}>
          <TrendChart data={trends.perDay} amountLabel={t('paidAmount')} />
        </Card>
        <Card title={t('byDistributorTitle')}>
          <DistributorShareChart data={trends.byDistributor} />
        </Card>
      </div>
    </>
  );
}
