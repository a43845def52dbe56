import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { CasesList } from '@/components/orders/cases-list';

export default async function AdminAfterSalesPage() {
  const t = await getTranslations('orders');
  return (
    <>
      <PageHeader
        title={t('afterSales.title')}
        description={t('afterSales.staffIntro')}
        actions={
          <Link href="/admin/orders" className="text-sm text-brand-700 hover:underline">
            {t('detail.back')}
          </Link>
        }
      />
      <CasesList portal="admin" />
    </>
  );
}
