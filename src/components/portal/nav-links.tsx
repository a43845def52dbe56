'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { NavItem } from './nav';

export function NavLinks({ items, rootHref }: { items: NavItem[]; rootHref: string }) {
  const pathname = usePathname();
  const t = useTranslations('nav');
  const ui = useTranslations('ui.nav');
  return (
    <nav aria-label={ui('label')} className="flex flex-col gap-0.5">
      {items.map((item) => {
        const active = item.href === rootHref ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-3 py-2 text-sm ${active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {t(item.key)}
          </Link>
        );
      })}
    </nav>
  );
}
