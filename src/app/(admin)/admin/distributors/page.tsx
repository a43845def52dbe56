import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { DistributorList } from './distributor-list';

export default async function DistributorsPage() {
  await requirePortal('staff');
  const t = await getTranslations('distributors');
  return (
    <>
      <PageHeader title={t('list.title')} description={t('list.intro')} />
      <DistributorList />
    </>
  );
}
