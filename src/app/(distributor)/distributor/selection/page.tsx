import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { requirePortal } from '@/server/auth/guard';
import { SelectionEditor } from './selection-editor';

export default async function SelectionPage() {
  await requirePortal('distributor');
  const t = await getTranslations('distributors');
  return (
    <>
      <PageHeader title={t('selection.title')} description={t('selection.intro')} />
      <SelectionEditor />
    </>
  );
}
