import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { NewSupplierProduct } from './new-supplier-product';

export default async function NewSupplierProductPage() {
  await requirePortal('supplier');
  const t = await getTranslations('catalog.mine');
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newIntro')} />
      <NewSupplierProduct />
    </>
  );
}
