'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';

export function SignOutButton({ className }: { className?: string }) {
  const t = useTranslations('common');
  return (
    <button type="button" className={className} onClick={() => void signOut({ callbackUrl: '/login' })}>
      {t('signOut')}
    </button>
  );
}
