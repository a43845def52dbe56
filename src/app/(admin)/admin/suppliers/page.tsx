import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { SuppliersList } from './suppliers-list';

export default async function SuppliersPage() {
  await requirePortal('staff');
  const t = await getTranslations('catalog.suppliers');
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      <SuppliersList />
    </>
  );
}
