'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Button } from './button';

/**
 * The filter row above a list: its fields (`children`), then Search (applies what was
 * typed) and Reset. Pair it with useListFilters.
 */
export function FilterBar({ onApply, onReset, children }: { onApply: () => void; onReset: () => void; children: ReactNode }) {
  const common = useTranslations('common');
  return (
    <form
      role="search"
      className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      {children}
      <Button type="submit">{common('search')}</Button>
      <Button variant="ghost" onClick={onReset}>
        {common('reset')}
      </Button>
    </form>
  );
}
