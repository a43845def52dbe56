import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { SupplierBillDetail } from './supplier-bill-detail';

export default async function SupplierBillPage({ params }: { params: Promise<{ billId: string }> }) {
  const billId = Number((await params).billId);
  if (!Number.isSafeInteger(billId) || billId <= 0) notFound();
  const t = await getTranslations('settlement');
  return (
    <>
      <PageHeader title={t('bill')} actions={<Link href="/supplier/bills" className="text-sm text-brand-700 hover:underline">{t('back')}</Link>} />
      <SupplierBillDetail billId={billId} />
    </>
  );
}
