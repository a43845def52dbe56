import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { DistributorCases } from './distributor-cases';

export default async function DistributorAfterSalesPage() {
  const t = await getTranslations('orders.afterSales');
  return (
    <>
      <PageHeader title={t('title')} description={t('distributorIntro')} />
      <DistributorCases />
    </>
  );
}
