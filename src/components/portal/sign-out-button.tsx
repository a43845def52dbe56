'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';

/** Signs out; `role` lets a menu present it as one of its items. */
export function SignOutButton({ className, role }: { className?: string; role?: 'menuitem' }) {
  const t = useTranslations('common');
  return (
    <button type="button" role={role} className={className} onClick={() => void signOut({ callbackUrl: '/login' })}>
      {t('signOut')}
    </button>
  );
}
