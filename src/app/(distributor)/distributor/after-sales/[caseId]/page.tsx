import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { DistributorCaseDetail } from './distributor-case-detail';

export default async function DistributorCasePage({ params }: { params: Promise<{ caseId: string }> }) {
  const caseId = Number((await params).caseId);
  if (!Number.isSafeInteger(caseId) || caseId <= 0) notFound();
  const t = await getTranslations('orders.afterSales');
  return (
    <>
      <PageHeader title={t('case', { id: caseId })} actions={<Link href="/distributor/after-sales" className="text-sm text-brand-700 hover:underline">{t('back')}</Link>} />
      <DistributorCaseDetail caseId={caseId} />
    </>
  );
}
