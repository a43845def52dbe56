import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { DistributorOrders } from './distributor-orders';

export default async function DistributorOrdersPage() {
  const t = await getTranslations('orders');
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('distributorIntro')}
        actions={
          <Link href="/distributor/after-sales" className="text-sm text-brand-700 hover:underline">
            {t('afterSalesLink')}
          </Link>
        }
      />
      <DistributorOrders />
    </>
  );
}
