'use client';

import { useMutation } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { useTRPC } from '@/lib/trpc/client';

export function ChangePasswordForm() {
  const t = useTranslations('accounts');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setDone(true);
        // This session was revoked with the others: sign in again with the new password.
        setTimeout(() => void signOut({ callbackUrl: '/login' }), 1500);
      },
    }),
  );
  return (
    <form
      className="flex max-w-sm flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const newPassword = String(form.get('newPassword'));
        if (newPassword !== String(form.get('confirmPassword'))) {
          setMismatch(true);
          return;
        }
        setMismatch(false);
        change.mutate({ currentPassword: String(form.get('currentPassword')), newPassword });
      }}
    >
      <Field label={t('currentPassword')} htmlFor="currentPassword">
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <Field label={t('newPassword')} htmlFor="newPassword" hint={t('passwordHint')}>
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" minLength={8} required />
      </Field>
      <Field label={t('confirmPassword')} htmlFor="confirmPassword" error={mismatch ? t('mismatch') : undefined}>
        <Input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <ErrorMessage error={change.error} />
      {done && <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">{t('passwordChanged')}</p>}
      <Button type="submit" disabled={change.isPending || done}>
        {change.isPending ? common('saving') : t('changePassword')}
      </Button>
    </form>
  );
}
