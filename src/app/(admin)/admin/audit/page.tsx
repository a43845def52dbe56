import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { AuditLogTable } from './audit-log-table';

export default async function AuditPage() {
  const t = await getTranslations('accounts.audit');
  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      <AuditLogTable />
    </>
  );
}
