import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { Reconciliation } from './reconciliation';

export default async function ReconciliationPage() {
  const t = await getTranslations('finance.reconciliation');
  return (
    <>
      <PageHeader title={t('title')} description={t.rich('intro', { code: (chunks) => <code className="text-xs">{chunks}</code> })} />
      <Reconciliation />
    </>
  );
}
