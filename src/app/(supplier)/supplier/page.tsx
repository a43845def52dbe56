import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { ProductStatusStats } from '@/components/portal/product-status-stats';
import { requirePortal } from '@/server/auth/guard';
import { serverCaller } from '@/lib/trpc/server';

export default async function SupplierHome() {
  const identity = await requirePortal('supplier');
  const t = await getTranslations('dashboard');
  const overview = await (await serverCaller()).supplier.overview();
  return (
    <>
      <PageHeader title={t('welcome', { name: identity.displayName || identity.username })} description={t('supplierIntro')} />
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{t('productsByStatus')}</h2>
      <ProductStatusStats counts={overview.productsByStatus} />
    </>
  );
}
