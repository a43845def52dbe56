import { getTranslations } from 'next-intl/server';
import { Card, PageHeader } from '@/components/ui/card';
import { BalanceChart } from '@/components/wallet/balance-chart';
import { LedgerPanel } from '@/components/wallet/ledger-panel';
import { requirePortal } from '@/server/auth/guard';
import { TopupReview } from './topup-review';

export default async function TopupsPage() {
  await requirePortal('staff');
  const t = await getTranslations('wallet');
  return (
    <div className="flex flex-col gap-5">
      <PageHeader title={t('review.title')} description={t('review.intro')} />
      <Card title={t('review.requests')}>
        <TopupReview />
      </Card>
      <BalanceChart scope="staff" title={t('chart.totalTitle')} />
      <Card title={t('ledger.allTitle')}>
        <LedgerPanel scope="staff" />
      </Card>
    </div>
  );
}
