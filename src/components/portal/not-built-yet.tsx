import { getTranslations } from 'next-intl/server';

/** A section that exists in the menu but not yet in the product: said plainly, with no fake data. */
export async function NotBuiltYet({ section }: { section: string }) {
  const nav = await getTranslations('nav');
  const t = await getTranslations('common');
  const name = nav(section);
  return (
    <div className="mx-auto mt-10 max-w-xl rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center" data-testid="not-built">
      <h1 className="text-lg font-semibold">{t('notBuiltTitle', { section: name })}</h1>
      <p className="mt-2 text-sm text-slate-600">{t('notBuiltBody')}</p>
    </div>
  );
}
