import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { AdminBills } from './admin-bills';

export default async function AdminBillsPage() {
  const t = await getTranslations('settlement');
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      <AdminBills />
    </>
  );
}
