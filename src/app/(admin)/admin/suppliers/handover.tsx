'use client';

import { useTranslations } from 'next-intl';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * What staff hand to a new supplier: the login link, the login name and (right after
 * creating it, the only time it is known) the password. One button copies all three.
 */
export function Handover({ loginUrl, username, password }: { loginUrl: string; username: string; password?: string }) {
  const t = useTranslations('catalog.suppliers');
  const text = [`${t('loginLink')}: ${loginUrl}`, `${t('username')}: ${username}`, ...(password ? [`${t('password')}: ${password}`] : [])].join('\n');
  return (
    <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="handover">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-600">{t('loginLink')}</dt>
        <dd>
          <a href={loginUrl} className="break-all font-mono text-brand-700" data-testid="login-link">
            {loginUrl}
          </a>
        </dd>
        <dt className="text-slate-600">{t('username')}</dt>
        <dd className="font-mono" data-testid="handover-username">{username}</dd>
        {password && (
          <>
            <dt className="text-slate-600">{t('password')}</dt>
            <dd className="font-mono" data-testid="handover-password">{password}</dd>
          </>
        )}
      </dl>
      {password && <p className="mt-2 text-xs text-slate-600">{t('passwordOnce')}</p>}
      <div className="mt-2">
        <CopyButton text={text} label={t('copyAll')} />
      </div>
    </div>
  );
}
