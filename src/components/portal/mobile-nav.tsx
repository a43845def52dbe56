'use client';

import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import type { NavItem } from './nav';
import { NavLinks } from './nav-links';

/**
 * The portal's navigation below desktop width (tablets): a Menu button that opens the same
 * links as a panel over the page. Opening puts focus on the first link; while it is open,
 * Tab and Shift+Tab go round the button and the links (not to the page the panel covers);
 * it closes on navigation and on Escape, which gives focus back to the button.
 */
export function MobileNav({ items, rootHref }: { items: NavItem[]; rootHref: string }) {
  const t = useTranslations('ui.nav');
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const [openedAt, setOpenedAt] = useState(pathname);
  // Navigating from the panel closes it (state derived from the path, no effect needed).
  if (open && openedAt !== pathname) setOpen(false);
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('a[href]')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
        return;
      }
      if (e.key !== 'Tab') return;
      const ring = [button.current, ...(panel.current?.querySelectorAll<HTMLElement>('a[href]') ?? [])].filter((el): el is HTMLElement => el !== null);
      const at = ring.indexOf(document.activeElement as HTMLElement);
      e.preventDefault();
      ring[(at + (e.shiftKey ? -1 : 1) + ring.length) % ring.length]?.focus();
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
        <div ref={panel} id={panelId} className="absolute inset-x-0 top-14 z-30 border-b border-slate-200 bg-white p-3 shadow-lg">
          <NavLinks items={items} rootHref={rootHref} />
        </div>
      )}
    </div>
  );
}
