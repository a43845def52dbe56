import type { PortalActor } from '@/server/domain/accounts/session';

/** One entry of a portal's navigation; `key` is its label in messages/<locale>/nav.json. */
export type NavItem = { key: string; href: string };

/**
 * Every section of each portal. A section whose page is not built yet renders
 * <NotBuiltYet>, which says so plainly, rather than being left out of the menu.
 */
export const PORTAL_NAV: Record<PortalActor['kind'], NavItem[]> = {
  staff: [
    { key: 'dashboard', href: '/admin' },
    { key: 'products', href: '/admin/products' },
    { key: 'review', href: '/admin/review' },
    { key: 'catalog', href: '/admin/catalog' },
    { key: 'suppliers', href: '/admin/suppliers' },
    { key: 'distributors', href: '/admin/distributors' },
    { key: 'levels', href: '/admin/levels' },
    { key: 'topups', href: '/admin/topups' },
    { key: 'orders', href: '/admin/orders' },
    { key: 'bills', href: '/admin/bills' },
    { key: 'finance', href: '/admin/finance' },
    { key: 'reconciliation', href: '/admin/reconciliation' },
    { key: 'callbacks', href: '/admin/callbacks' },
    { key: 'staff', href: '/admin/staff' },
    { key: 'audit', href: '/admin/audit' },
  ],
  supplier: [
    { key: 'dashboard', href: '/supplier' },
    { key: 'products', href: '/supplier/products' },
    { key: 'orders', href: '/supplier/orders' },
    { key: 'bills', href: '/supplier/bills' },
  ],
  distributor: [
    { key: 'dashboard', href: '/distributor' },
    { key: 'binding', href: '/distributor/binding' },
    { key: 'selection', href: '/distributor/selection' },
    { key: 'prices', href: '/distributor/prices' },
    { key: 'orders', href: '/distributor/orders' },
    { key: 'afterSales', href: '/distributor/after-sales' },
    { key: 'balance', href: '/distributor/balance' },
    { key: 'callbacks', href: '/distributor/callbacks' },
    { key: 'console', href: '/distributor/console' },
  ],
};
