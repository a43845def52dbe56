import { getTranslations } from 'next-intl/server';
import { CallbackLog } from '@/components/callbacks/callback-log';
import { PageHeader } from '@/components/ui/card';

export default async function AdminCallbacksPage() {
  const t = await getTranslations('callbacks');
  return (
    <>
      <PageHeader title={t('title')} description={t('staffIntro')} />
      <CallbackLog portal="admin" />
    </>
  );
}
