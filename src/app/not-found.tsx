import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('common');
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-2xl font-semibold">{t('notFoundTitle')}</h1>
      <p className="text-slate-600">{t('notFoundBody')}</p>
      <Link href="/" className="rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
        {t('goHome')}
      </Link>
    </main>
  );
}
