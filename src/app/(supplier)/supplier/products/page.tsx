import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { MyProducts } from './my-products';

export default async function SupplierProductsPage() {
  await requirePortal('supplier');
  const t = await getTranslations('catalog.mine');
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('intro')}
        actions={
          <Link href="/supplier/products/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t('new')}
          </Link>
        }
      />
      <MyProducts />
    </>
  );
}
