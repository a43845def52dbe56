'use client';

import { useTranslations } from 'next-intl';
import { treeOrder } from '@/components/catalog/category-options';
import { toggled } from '@/components/catalog/record-controls';

type Options = { categories: { id: number; name: string; parentId: number | null; status: string }[]; brands: { id: number; name: string; status: string }[] };

/** Checkboxes of the categories (as a tree) and brands a supplier may list in. */
export function AssignmentPicker({
  options,
  categoryIds,
  brandIds,
  onChange,
}: {
  options: Options | undefined;
  categoryIds: Set<number>;
  brandIds: Set<number>;
  onChange: (next: { categoryIds: Set<number>; brandIds: Set<number> }) => void;
}) {
  const t = useTranslations('catalog.suppliers');
  return (
    <div className="grid gap-3 text-sm sm:grid-cols-2">
      <fieldset>
        <legend className="mb-1 font-medium text-slate-700">{t('categories')}</legend>
        <p className="mb-1 text-xs text-slate-500">{t('categoriesHint')}</p>
        <div className="max-h-56 overflow-y-auto rounded border border-slate-200 p-2">
          {treeOrder(options?.categories ?? []).map((c) => (
            <label key={c.id} className="flex items-center gap-1" style={{ paddingLeft: `${c.depth}rem` }}>
              <input type="checkbox" checked={categoryIds.has(c.id)} onChange={() => onChange({ categoryIds: toggled(categoryIds, c.id), brandIds })} /> {c.name}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="mb-1 font-medium text-slate-700">{t('brands')}</legend>
        <div className="max-h-56 overflow-y-auto rounded border border-slate-200 p-2">
          {(options?.brands ?? []).map((b) => (
            <label key={b.id} className="flex items-center gap-1">
              <input type="checkbox" checked={brandIds.has(b.id)} onChange={() => onChange({ categoryIds, brandIds: toggled(brandIds, b.id) })} /> {b.name}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
