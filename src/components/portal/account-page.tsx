import { getTranslations } from 'next-intl/server';
import { ChangePasswordForm } from '@/components/portal/change-password-form';
import { Card, PageHeader } from '@/components/ui/card';

/** Each portal's account page (/<portal>/account): the same for every role. */
export default async function AccountPage() {
  const t = await getTranslations('accounts');
  return (
    <>
      <PageHeader title={t('accountTitle')} />
      <Card title={t('changePassword')}>
        <ChangePasswordForm />
      </Card>
    </>
  );
}
