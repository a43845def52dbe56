'use client';

import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

/**
 * The search box above a list, with its filters (`children`, usually selects that apply at
 * once). The typed text is searched when the person presses Enter or the button.
 */
export function SearchForm({ placeholder, onSearch, children }: { placeholder: string; onSearch: (q: string) => void; children?: ReactNode }) {
  const common = useTranslations('common');
  const [text, setText] = useState('');
  return (
    <form
      role="search"
      className="grid grid-cols-1 items-end gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[2fr_1fr_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <Input aria-label={placeholder} placeholder={placeholder} value={text} onChange={(e) => setText(e.target.value)} />
      {children}
      <Button type="submit">{common('search')}</Button>
    </form>
  );
}
