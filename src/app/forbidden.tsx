import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { SignOutButton } from '@/components/portal/sign-out-button';

export default async function Forbidden() {
  const t = await getTranslations('common');
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-2xl font-semibold">{t('forbiddenTitle')}</h1>
      <p className="text-slate-600">{t('forbiddenBody')}</p>
      <div className="flex gap-3">
        <Link href="/" className="rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
          {t('goHome')}
        </Link>
        <SignOutButton className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100" />
      </div>
    </main>
  );
}
