import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { LocaleSwitcher } from '@/components/portal/locale-switcher';
import { PORTAL_HOME } from '@/server/auth/guard';
import { getSessionIdentity } from '@/server/auth/session';
import { LoginForm } from './login-form';

export async function generateMetadata() {
  const t = await getTranslations('auth');
  return { title: t('title') };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const identity = await getSessionIdentity();
  if (identity && !error) redirect(PORTAL_HOME[identity.actor.kind]);
  const t = await getTranslations('auth');
  const common = await getTranslations('common');
  // Only a path on this site: never send someone off-site after signing in.
  const safeCallback = callbackUrl && callbackUrl.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/';
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-brand-50 to-slate-100 p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          {/* eslint-disable-next-line @next/next/no-img-element -- a static SVG from public/ */}
          <img src="/logo.svg" alt="" width={48} height={48} className="mx-auto mb-3 h-12 w-12" />
          <div className="text-2xl font-semibold text-slate-900">{common('appName')}</div>
          <div className="mt-1 text-sm text-slate-600">{t('subtitle')}</div>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-lg font-semibold">{t('title')}</h1>
          <LoginForm callbackUrl={safeCallback} initialError={error} />
        </div>
        <div className="mt-4 flex justify-center">
          <LocaleSwitcher />
        </div>
      </div>
    </main>
  );
}
