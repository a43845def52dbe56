import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { SupplierBills } from './supplier-bills';

export default async function SupplierBillsPage() {
  const t = await getTranslations('settlement');
  return (
    <>
      <PageHeader title={t('supplierTitle')} description={t('supplierIntro')} />
      <SupplierBills />
    </>
  );
}
