import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { orderNoSchema } from '@/server/domain/orders/schemas';
import { SupplierOrderDetail } from './supplier-order-detail';

export default async function SupplierOrderPage({ params }: { params: Promise<{ orderNo: string }> }) {
  const parsed = orderNoSchema.safeParse((await params).orderNo);
  if (!parsed.success) notFound();
  const t = await getTranslations('orders.detail');
  return (
    <>
      <PageHeader title={t('title', { orderNo: parsed.data })} actions={<Link href="/supplier/orders" className="text-sm text-brand-700 hover:underline">{t('back')}</Link>} />
      <SupplierOrderDetail orderNo={parsed.data} />
    </>
  );
}
