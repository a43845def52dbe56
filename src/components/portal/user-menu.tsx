'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { SignOutButton } from './sign-out-button';

export function UserMenu({ name, roleLabel, accountHref }: { name: string; roleLabel: string; accountHref: string }) {
  const t = useTranslations('common');
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-100"
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="font-medium" data-testid="user-menu-name">{name}</span>
        <span className="text-xs text-slate-500">{roleLabel}</span>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-20 mt-1 w-44 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <Link role="menuitem" href={accountHref} className="block px-3 py-2 text-sm hover:bg-slate-100" onClick={() => setOpen(false)}>
            {t('account')}
          </Link>
          <SignOutButton className="block w-full px-3 py-2 text-left text-sm text-red-600 hover:bg-slate-100" />
        </div>
      )}
    </div>
  );
}
