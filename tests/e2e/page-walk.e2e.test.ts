import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_NAV } from '@/components/portal/nav';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn, watchViolations } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { discoverPortalRoutes, fillRoute, type DynamicValues, type Portal, type PortalRoute } from '@tests/support/portal-pages';
import { bareAmounts } from '@tests/support/visible-amounts';
import { dataWords, readVisibleText, untranslated } from '@tests/support/visible-english';
import { RecordedTimes } from '@tests/support/visible-times';
import { walkWorld } from '@tests/support/walk-world';

/**
 * Walks every page of the three portals in Chromium, in zh-CN, as each portal's user, from a
 * browser in New York: the pages are found in the App Router folders (a page added later is
 * walked too), and each one must load under the app's own Content-Security-Policy with
 * nothing refused, show no English outside the glossary, no amount
 * without its ¥ and every time as the China time (Asia/Shanghai) of a record, pass
 * axe-core with no serious or critical violation, and stay usable at a tablet's 768 px (no
 * sideways scrolling of the page: wide tables scroll inside their own box). The main pages (each portal's navigation)
 * are saved as screenshots at 1366 and 768 px in test-artifacts/screenshots/.
 */

const WIDE = { width: 1366, height: 900 };
const TABLET = { width: 768, height: 1024 };
const SHOTS = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LOGINS: Record<Portal, string> = { admin: 'admin', supplier: 'supplier1', distributor: 'distributor1' };
const NAV_KIND = { admin: 'staff', supplier: 'supplier', distributor: 'distributor' } as const;
/** The browser's own zone: far from China's (12 or 13 hours), so that a time in it shows. */
const BROWSER_ZONE = 'America/New_York';
/** Pages that show seeded times: each must show at least one, or the time check saw nothing there. */
const TIMED_PAGES = ['/admin/orders', '/admin/orders/[orderNo]', '/admin/topups', '/supplier/orders', '/supplier/orders/[orderNo]', '/distributor/orders', '/distributor/balance'];

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern: an inline
  // <script> would be refused (rightly), and the walk keeps the CSP on to catch what it refuses.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 3 ? ` … ${v.nodes.length} in all` : ''}`);
}

/** Waits until the page's queries have answered: no request in flight, no loading placeholder. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
  await page.waitForFunction(() => !document.body.innerText.includes('加载中'), undefined, { timeout: 15_000 }).catch(() => {});
}

/**
 * How far the page scrolls sideways, once its layout has followed a new viewport width:
 * charts resize on a ResizeObserver's later frame, late on a loaded machine, so a wide
 * page is measured again for up to 5 s before it counts.
 */
async function sidewaysOverflow(page: Page): Promise<number> {
  const measure = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  let overflow = await measure();
  for (let i = 0; i < 50 && overflow > 1; i++) {
    await page.waitForTimeout(100);
    overflow = await measure();
  }
  return overflow;
}

describe('every page of every portal, in zh-CN, accessible, at desktop and tablet width', () => {
  const db = testDb();
  let server: AppServer;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof walkWorld>>;
  let data: Set<string>;
  let times: RecordedTimes;
  const routes = discoverPortalRoutes();

  beforeAll(async () => {
    world = await walkWorld(db);
    data = await dataWords(db);
    times = new RecordedTimes(db, BROWSER_ZONE);
    await times.refresh();
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds the pages in the App Router folders, dynamic ones included', () => {
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toEqual(expect.arrayContaining(['/admin', '/admin/orders', '/admin/orders/[orderNo]', '/supplier/bills/[billId]', '/distributor/balance']));
    for (const portal of ['admin', 'supplier', 'distributor'] as const) {
      for (const item of PORTAL_NAV[NAV_KIND[portal]]) expect(patterns).toContain(item.href);
    }
  });

  /** The record each dynamic segment opens: ones its portal's user may see. */
  const dynamic = (): DynamicValues => ({
    'orders/[orderNo]': () => world.ids.orderNo,
    'bills/[billId]': () => world.ids.billId,
    'after-sales/[caseId]': () => world.ids.caseId,
    'suppliers/[id]': () => world.ids.supplierId,
    'distributors/[id]': () => world.ids.distributorId,
    'products/[id]': () => world.ids.supplierProductId,
    'review/[id]': () => world.ids.pendingProductId,
  });

  async function walk(context: BrowserContext, portal: Portal, list: PortalRoute[]) {
    const page = await context.newPage();
    // Under the app's own CSP (script nonces, style-src without 'unsafe-inline'): a page whose
    // script or style it refuses is broken for real users, whatever else passes.
    const refused = watchViolations(page);
    const { password } = world.login(LOGINS[portal]);
    await signIn(page, server.baseUrl, LOGINS[portal], password);
    const main = new Set(PORTAL_NAV[NAV_KIND[portal]].map((n) => n.href));
    const problems: string[] = [];
    for (const route of list) {
      const url = fillRoute(route, dynamic());
      await page.setViewportSize(WIDE);
      const response = await page.goto(`${server.baseUrl}${url}`);
      await settle(page);
      const where = `${url} (${route.pattern})`;
      if (!response || response.status() >= 400 || new URL(page.url()).pathname !== url) {
        problems.push(`${where}: answered ${response?.status()} at ${page.url()}`);
        continue;
      }
      const visible = await readVisibleText(page);
      for (const w of untranslated(visible, data)) problems.push(`${where}: English "${w.word}" in “${w.in}”`);
      for (const a of bareAmounts(visible)) problems.push(`${where}: amount ${a.amount} without ¥ in “${a.in}”`);
      const shown = await times.misplaced(visible);
      for (const m of shown.problems) problems.push(`${where}: time ${m.time} is no record's China time${m.otherZone ? ` (it is one's ${BROWSER_ZONE} time)` : ''} in “${m.in}”`);
      if (TIMED_PAGES.includes(route.pattern) && shown.times === 0) problems.push(`${where}: shows no time, where a seeded record's is expected`);
      for (const v of await axeViolations(page)) problems.push(`${where}: axe ${v}`);
      for (const r of refused.splice(0)) problems.push(`${where}: CSP ${r}`);
      const slug = url === `/${portal}` ? 'home' : url.slice(portal.length + 2).replaceAll('/', '-');
      if (main.has(url)) await page.screenshot({ path: path.join(SHOTS, `${portal}-${slug}-1366.png`), fullPage: true });

      await page.setViewportSize(TABLET);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 1) problems.push(`${where}: at 768 px the page scrolls sideways by ${overflow} px`);
      if (main.has(url)) await page.screenshot({ path: path.join(SHOTS, `${portal}-${slug}-768.png`), fullPage: true });
    }
    await page.close();
    return problems;
  }

  for (const portal of ['admin', 'supplier', 'distributor'] as const) {
    it(`walks every ${portal} page: translated, accessible, usable at 768 px`, { timeout: 600_000 }, async () => {
      const list = routes.filter((r) => r.portal === portal);
      expect(list.length).toBeGreaterThan(3);
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: BROWSER_ZONE });
      try {
        expect(await walk(context, portal, list)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
