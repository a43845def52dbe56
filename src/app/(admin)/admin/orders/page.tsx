import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { AdminOrders } from './admin-orders';

export default async function AdminOrdersPage() {
  const t = await getTranslations('orders');
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('staffIntro')}
        actions={
          <Link href="/admin/orders/after-sales" className="text-sm text-brand-700 hover:underline">
            {t('afterSalesLink')}
          </Link>
        }
      />
      <AdminOrders />
    </>
  );
}
