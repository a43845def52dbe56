'use client';

import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import type { NavItem } from './nav';
import { NavLinks } from './nav-links';

/**
 * The portal's navigation below desktop width (tablets): a Menu button that opens the same
 * links as a panel under the header. It closes on navigation and on Escape, which gives
 * focus back to the button.
 */
export function MobileNav({ items, rootHref }: { items: NavItem[]; rootHref: string }) {
  const t = useTranslations('ui.nav');
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const [openedAt, setOpenedAt] = useState(pathname);
  // Navigating from the panel closes it (state derived from the path, no effect needed).
  if (open && openedAt !== pathname) setOpen(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <div className="lg:hidden">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpenedAt(pathname);
          setOpen((v) => !v);
        }}
        className="flex items-center gap-1.5 rounded-md border border-slate-300 px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-100"
      >
        <span aria-hidden="true">☰</span>
        {open ? t('closeMenu') : t('menu')}
      </button>
      {open && (
        <div id={panelId} className="absolute inset-x-0 top-14 z-30 border-b border-slate-200 bg-white p-3 shadow-lg">
          <NavLinks items={items} rootHref={rootHref} />
        </div>
      )}
    </div>
  );
}
