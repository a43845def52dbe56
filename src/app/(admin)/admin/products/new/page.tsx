import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { NewPlatformProduct } from './new-platform-product';

export default async function NewProductPage() {
  await requirePortal('staff');
  const t = await getTranslations('catalog.products');
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newIntro')} />
      <NewPlatformProduct />
    </>
  );
}
