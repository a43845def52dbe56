'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { SignOutButton } from './sign-out-button';

/**
 * The signed-in person's menu (account, sign out), a menu button as WAI-ARIA describes it:
 * opening puts focus on the first item; ↑/↓ (Home/End) move between the items; Escape closes
 * and gives focus back to the button, as Tab does; a click elsewhere closes it.
 */
export function UserMenu({ name, roleLabel, accountHref }: { name: string; roleLabel: string; accountHref: string }) {
  const t = useTranslations('common');
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);
  const items = () => [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  useEffect(() => {
    if (open) items()[0]?.focus();
  }, [open]);

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => {
      e.preventDefault();
      all[(i + all.length) % all.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'Tab') {
      // Tab leaves the menu: it closes, and the next Tab goes on from its button.
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    }
  }

  return (
    <div ref={ref} className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-100"
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="font-medium" data-testid="user-menu-name">{name}</span>
        <span className="text-xs text-slate-500">{roleLabel}</span>
      </button>
      {open && (
        <div id={menuId} role="menu" onKeyDown={onMenuKey} className="absolute right-0 z-20 mt-1 w-44 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <Link role="menuitem" href={accountHref} className="block px-3 py-2 text-sm hover:bg-slate-100 focus:bg-slate-100" onClick={() => setOpen(false)}>
            {t('account')}
          </Link>
          <SignOutButton role="menuitem" className="block w-full px-3 py-2 text-left text-sm text-red-600 hover:bg-slate-100 focus:bg-slate-100" />
        </div>
      )}
    </div>
  );
}
