import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { SessionIdentity } from '@/server/domain/accounts/session';
import { PORTAL_HOME } from '@/server/auth/guard';
import { FocusKeeper } from './focus-keeper';
import { LocaleSwitcher } from './locale-switcher';
import { MobileNav } from './mobile-nav';
import { PORTAL_NAV } from './nav';
import { NavLinks } from './nav-links';
import { UserMenu } from './user-menu';

/**
 * The frame of each portal: its name, its sections, the language switch and the user menu.
 * Below desktop width (1024 px) the sections collapse into a Menu button (MobileNav).
 */
export async function PortalShell({ identity, children }: { identity: SessionIdentity; children: ReactNode }) {
  const t = await getTranslations('common');
  const kind = identity.actor.kind;
  const home = PORTAL_HOME[kind];
  const nav = await getTranslations('ui.nav');
  return (
    <div className="flex min-h-screen">
      {/* Focus kept on the page when a step disables or removes the control that had it. */}
      <FocusKeeper />
      {/* The first Tab of every page: past the navigation, straight to the page's own content. */}
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
      >
        {nav('skipToContent')}
      </a>
      <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white p-3 lg:block">
        <div className="mb-4 flex items-center gap-2 px-3 py-2">
          {/* eslint-disable-next-line @next/next/no-img-element -- a static SVG from public/ */}
          <img src="/logo.svg" alt="" width={32} height={32} className="h-8 w-8" />
          <div>
            <div className="text-xs text-slate-500">{t('appShort')}</div>
            <div className="text-base font-semibold" data-testid="portal-name">{t(`portal.${kind}`)}</div>
          </div>
        </div>
        <NavLinks items={PORTAL_NAV[kind]} rootHref={home} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="relative flex h-14 items-center justify-between gap-3 border-b border-slate-200 bg-white px-4">
          <MobileNav items={PORTAL_NAV[kind]} rootHref={home} />
          <div className="truncate text-sm font-medium text-slate-600 lg:hidden">{t(`portal.${kind}`)}</div>
          <div className="flex-1" />
          <LocaleSwitcher />
          <UserMenu name={identity.displayName || identity.username} roleLabel={t(`role.${kind}`)} accountHref={`${home}/account`} />
        </header>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 focus:outline-none lg:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
