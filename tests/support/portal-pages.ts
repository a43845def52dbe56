import fs from 'node:fs';
import path from 'node:path';

export const PORTALS = ['admin', 'supplier', 'distributor'] as const;
export type Portal = (typeof PORTALS)[number];

/** A page of a portal as the App Router serves it: `/admin/orders/[orderNo]`. */
export type PortalRoute = { portal: Portal; pattern: string; params: string[] };

const APP_DIR = path.resolve(import.meta.dirname, '../../src/app');
const PAGE_FILE = /^page\.(tsx|ts|jsx|js|mdx)$/;

/**
 * Every page of the three portals, found in the App Router folders
 * (`src/app/(admin)/admin/…/page.tsx`), so that a page added later is walked without anyone
 * listing it. Route groups `(x)` and parallel slots `@x` add no URL segment; private folders
 * `_x` are not routes.
 */
export function discoverPortalRoutes(appDir = APP_DIR): PortalRoute[] {
  const routes: PortalRoute[] = [];
  for (const portal of PORTALS) {
    const walk = (dir: string, segments: string[]) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.isFile() && PAGE_FILE.test(entry.name)) {
          const pattern = `/${segments.join('/')}`;
          routes.push({ portal, pattern, params: segments.filter((s) => s.startsWith('[')).map((s) => s.replace(/^\[+(\.\.\.)?|\]+$/g, '')) });
        }
        if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
        const grouped = /^\(.*\)$/.test(entry.name) || entry.name.startsWith('@');
        walk(path.join(dir, entry.name), grouped ? segments : [...segments, entry.name]);
      }
    };
    const root = path.join(appDir, `(${portal})`);
    if (fs.existsSync(root)) walk(root, []);
  }
  return routes;
}

/**
 * Records a dynamic segment stands for, keyed by the folder above it and the segment as
 * written (`orders/[orderNo]`); the value may depend on the portal (a supplier opens its
 * own product). A page whose segment has no entry fails the walk with a message naming it.
 */
export type DynamicValues = Record<string, (portal: Portal) => string | number | undefined>;

export function fillRoute(route: PortalRoute, values: DynamicValues): string {
  const segments = route.pattern.split('/');
  return segments
    .map((segment, i) => {
      if (!segment.startsWith('[')) return segment;
      const key = `${segments[i - 1]}/${segment}`;
      const value = values[key]?.(route.portal);
      if (value === undefined) {
        throw new Error(`The page walk knows no record for ${route.pattern} (${key}): add one to the walk's dynamic values (tests/e2e/page-walk.e2e.test.ts)`);
      }
      return encodeURIComponent(String(value));
    })
    .join('/');
}
