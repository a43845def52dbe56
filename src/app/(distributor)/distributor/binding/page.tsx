import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { BindingView } from './binding-view';

export default async function BindingPage() {
  await requirePortal('distributor');
  const t = await getTranslations('distributors');
  return (
    <>
      <PageHeader title={t('bindingPage.title')} description={t('bindingPage.intro')} />
      <BindingView />
    </>
  );
}
