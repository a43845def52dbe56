import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { BalanceView } from './balance-view';

export default async function BalancePage() {
  await requirePortal('distributor');
  const t = await getTranslations('wallet');
  return (
    <>
      <PageHeader title={t('balancePage.title')} description={t('balancePage.intro')} />
      <BalanceView />
    </>
  );
}
