import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { ConsoleView } from './console-view';

export default async function DistributorConsolePage() {
  const t = await getTranslations('console');
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      <ConsoleView />
    </>
  );
}
