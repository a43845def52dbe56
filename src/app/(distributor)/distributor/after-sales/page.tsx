import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { CasesList } from '@/components/orders/cases-list';

export default async function DistributorAfterSalesPage() {
  const t = await getTranslations('orders.afterSales');
  return (
    <>
      <PageHeader title={t('title')} description={t('distributorIntro')} />
      <CasesList portal="distributor" />
    </>
  );
}
