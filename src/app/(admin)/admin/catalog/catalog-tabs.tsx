'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { AttributesPanel } from './attributes-panel';
import { BrandsPanel } from './brands-panel';
import { CategoriesPanel } from './categories-panel';

const TABS = ['categories', 'brands', 'attributes'] as const;

export function CatalogTabs() {
  const t = useTranslations('catalog.reference');
  const [tab, setTab] = useState<(typeof TABS)[number]>('categories');
  return (
    <div className="flex flex-col gap-4">
      <div role="tablist" className="flex gap-1 border-b border-slate-200">
        {TABS.map((key) => (
          <button
            key={key}
            role="tab"
            type="button"
            aria-selected={tab === key}
            onClick={() => setTab(key)}
            className={`-mb-px border-b-2 px-4 py-2 text-sm ${tab === key ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
          >
            {t(`tabs.${key}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'categories' && <CategoriesPanel />}
        {tab === 'brands' && <BrandsPanel />}
        {tab === 'attributes' && <AttributesPanel />}
      </div>
    </div>
  );
}
