import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { LevelsManager } from './levels-manager';

export default async function LevelsPage() {
  await requirePortal('staff');
  const t = await getTranslations('distributors');
  return (
    <>
      <PageHeader title={t('levels.title')} description={t('levels.intro')} />
      <LevelsManager />
    </>
  );
}
