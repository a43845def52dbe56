import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { StaffAccounts } from './staff-accounts';

export default async function StaffPage() {
  const identity = await requirePortal('staff');
  const t = await getTranslations('accounts');
  return (
    <>
      <PageHeader title={t('staffTitle')} description={t('staffIntro')} />
      <StaffAccounts currentUserId={identity.actor.userId} />
    </>
  );
}
