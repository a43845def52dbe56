import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { ReviewQueue } from './review-queue';

export default async function ReviewPage() {
  await requirePortal('staff');
  const t = await getTranslations('catalog.review');
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      <ReviewQueue />
    </>
  );
}
