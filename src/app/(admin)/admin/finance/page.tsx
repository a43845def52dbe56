import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { FinanceOverview } from './finance-overview';

export default async function FinancePage() {
  const t = await getTranslations('finance.overview');
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      <FinanceOverview />
    </>
  );
}
