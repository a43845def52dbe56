import { getTranslations } from 'next-intl/server';
import { Card, PageHeader } from '@/components/ui/card';
import { TrendChart } from '@/components/dashboard/trend-chart';
import { ProductStatusStats } from '@/components/portal/product-status-stats';
import { requirePortal } from '@/server/auth/guard';
import { serverCaller } from '@/lib/trpc/server';

export default async function SupplierHome() {
  const identity = await requirePortal('supplier');
  const t = await getTranslations('dashboard');
  const caller = await serverCaller();
  const [overview, trends] = await Promise.all([caller.supplier.overview(), caller.supplier.trends()]);
  return (
    <>
      <PageHeader title={t('welcome', { name: identity.displayName || identity.username })} description={t('supplierIntro')} />
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{t('productsByStatus')}</h2>
      <ProductStatusStats counts={overview.productsByStatus} />
      <Card title={t('trendTitle')} className="mt-5">
        <TrendChart data={trends.perDay} amountLabel={t('supplierAmount')} />
      </Card>
    </>
  );
}
