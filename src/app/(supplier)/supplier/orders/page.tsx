import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { SupplierOrders } from './supplier-orders';

export default async function SupplierOrdersPage() {
  const t = await getTranslations('orders');
  return (
    <>
      <PageHeader title={t('title')} description={t('supplierIntro')} />
      <SupplierOrders />
    </>
  );
}
