import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { PriceList } from './price-list';

export default async function PricesPage() {
  await requirePortal('distributor');
  const t = await getTranslations('distributors');
  return (
    <>
      <PageHeader title={t('prices.title')} description={t('prices.intro')} />
      <PriceList />
    </>
  );
}
