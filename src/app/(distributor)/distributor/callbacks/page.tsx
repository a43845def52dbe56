import { getTranslations } from 'next-intl/server';
import { CallbackLog } from '@/components/callbacks/callback-log';
import { PageHeader } from '@/components/ui/card';

export default async function DistributorCallbacksPage() {
  const t = await getTranslations('callbacks');
  return (
    <>
      <PageHeader title={t('title')} description={t('distributorIntro')} />
      <CallbackLog portal="distributor" />
    </>
  );
}
