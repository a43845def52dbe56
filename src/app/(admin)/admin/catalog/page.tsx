import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { CatalogTabs } from './catalog-tabs';

export default async function CatalogPage() {
  await requirePortal('staff');
  const t = await getTranslations('catalog.reference');
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      <CatalogTabs />
    </>
  );
}
