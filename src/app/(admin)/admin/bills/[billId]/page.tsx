import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { AdminBillDetail } from './admin-bill-detail';

export default async function AdminBillPage({ params }: { params: Promise<{ billId: string }> }) {
  const billId = Number((await params).billId);
  if (!Number.isSafeInteger(billId) || billId <= 0) notFound();
  const t = await getTranslations('settlement');
  return (
    <>
      <PageHeader title={t('bill')} actions={<Link href="/admin/bills" className="text-sm text-brand-700 hover:underline">{t('back')}</Link>} />
      <AdminBillDetail billId={billId} />
    </>
  );
}
