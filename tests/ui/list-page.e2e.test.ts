import fs from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orders, products, suppliers, users } from '@/server/db/schema';
import { requestTopup } from '@/server/domain/wallet/topup-requests';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { createDistributorAccount } from '@tests/support/factories';
import { walkWorld } from '@tests/support/walk-world';

/**
 * The shared list page (src/components/ui/list-page.tsx) as people use it on the staff
 * product list and the order lists: filters that survive a reload, sorting by a header,
 * bulk actions behind a confirmation with progress and focus back where it was, and the
 * export of everything the filters match.
 */
/** A loaded shared machine can take a few seconds to answer a list query; vitest's poll waits 1 s. */
const SOON = { timeout: 20_000 };

describe('the list page', () => {
  const db = testDb();
  let server: AppServer;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof walkWorld>>;

  beforeAll(async () => {
    world = await walkWorld(db);
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(username: string): Promise<Page> {
    const page = await (await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
    await signIn(page, server.baseUrl, username, world.login(username).password);
    return page;
  }
  const skus = (page: Page) => page.locator('tbody tr td:nth-child(2) .font-mono').allTextContents();

  it('keeps the filters, page and sort in the address: a reload shows the same list', async () => {
    const page = await signedIn('admin');
    await page.goto(`${server.baseUrl}/admin/products`);
    await page.getByLabel('状态').selectOption('pending_review');
    await page.waitForURL(/status=pending_review/);
    await page.getByLabel('搜索标题或货号').fill('S2-');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.waitForURL(/q=S2-/);
    await expect.poll(() => skus(page), SOON).toEqual(['S2-SKIN-002']);

    await page.reload();
    await expect.poll(() => skus(page), SOON).toEqual(['S2-SKIN-002']);
    expect(await page.getByLabel('状态').inputValue()).toBe('pending_review');
    expect(await page.getByLabel('搜索标题或货号').inputValue()).toBe('S2-');
    await page.context().close();
  });

  it("filters staff's review queue and product list by supplier, each picker listing every supplier", async () => {
    const pending = await db
      .select({ sku: products.skuCode, supplierId: products.ownerSupplierId, supplier: suppliers.name })
      .from(products)
      .innerJoin(suppliers, eq(suppliers.id, products.ownerSupplierId))
      .where(eq(products.status, 'pending_review'))
      .orderBy(products.skuCode);
    const chosen = pending[0];
    const theirs = (rows: { sku: string; supplierId: number | null }[]) => rows.filter((r) => r.supplierId === chosen.supplierId).map((r) => r.sku);
    expect(theirs(pending).length).toBeLessThan(pending.length); // the filter must leave some out
    const everySupplier = (await db.select({ name: suppliers.name }).from(suppliers)).map((s) => s.name).sort();

    const page = await signedIn('admin');
    await page.goto(`${server.baseUrl}/admin/review`);
    const picker = page.getByLabel('供应商', { exact: true });
    await expect.poll(async () => (await picker.locator('option').allTextContents()).slice(1).sort(), SOON).toEqual(everySupplier);
    await picker.selectOption({ label: chosen.supplier });
    await page.waitForURL(new RegExp(`supplierId=${chosen.supplierId}`));
    await expect.poll(async () => (await page.locator('tbody tr .font-mono').allTextContents()).sort(), SOON).toEqual(theirs(pending));

    const all = await db.select({ sku: products.skuCode, supplierId: products.ownerSupplierId }).from(products).orderBy(products.skuCode);
    await page.goto(`${server.baseUrl}/admin/products`);
    const owner = page.getByLabel('归属', { exact: true });
    await expect.poll(async () => (await owner.locator('option').allTextContents()).slice(2).sort(), SOON).toEqual(everySupplier);
    await owner.selectOption({ label: chosen.supplier });
    await page.waitForURL(new RegExp(`owner=${chosen.supplierId}`));
    const owned = theirs(all);
    await expect
      .poll(async () => { const shown = await skus(page); return shown.length === Math.min(20, owned.length) && shown.every((sku) => owned.includes(sku)); }, SOON)
      .toBe(true);
    await page.context().close();
  });

  it('sorts by a column header, descending first, then ascending', async () => {
    const page = await signedIn('admin');
    await page.goto(`${server.baseUrl}/admin/products?status=on_sale`);
    const stocks = async () => (await page.locator('tbody tr td:nth-child(7)').allTextContents()).map(Number);
    await page.getByRole('button', { name: /按「库存」排序/ }).click();
    await page.waitForURL(/sort=stock&dir=desc/);
    await expect.poll(async () => { const s = await stocks(); return s.length > 1 && s.every((v, i) => i === 0 || s[i - 1] >= v); }, SOON).toBe(true);
    await page.getByRole('button', { name: /按「库存」排序/ }).click();
    await page.waitForURL(/sort=stock&dir=asc/);
    await expect.poll(async () => { const s = await stocks(); return s.length > 1 && s.every((v, i) => i === 0 || s[i - 1] <= v); }, SOON).toBe(true);
    await page.context().close();
  });

  it('takes selected products off shelf after a confirmation, with progress, and gives focus back', async () => {
    const page = await signedIn('admin');
    await page.goto(`${server.baseUrl}/admin/products?q=DEMO-`);
    await page.getByLabel('选择 DEMO-A', { exact: true }).check();
    await page.getByLabel('选择 DEMO-FLASH', { exact: true }).check();
    await expect(page.getByText('已选 2 项').isVisible()).resolves.toBe(true);
    const button = page.getByRole('button', { name: '批量下架' });
    await button.click();
    const dialog = page.getByRole('dialog', { name: '确认批量下架' });
    await expect(dialog.getByText('将对已选的 2 项执行「批量下架」。').isVisible()).resolves.toBe(true);
    // Cancel first: nothing changes, focus is back on the button.
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('批量下架');
    expect((await db.select({ status: products.status }).from(products).where(inArray(products.skuCode, ['DEMO-A', 'DEMO-FLASH']))).map((r) => r.status)).toEqual(['on_sale', 'on_sale']);

    await button.click();
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.getByRole('status').getByText('完成：成功 2 项，未处理 0 项').waitFor();
    expect(await dialog.locator('progress').getAttribute('value')).toBe('2');
    await dialog.getByRole('button', { name: '关闭' }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('批量下架');
    const rows = await db.select({ status: products.status }).from(products).where(inArray(products.skuCode, ['DEMO-A', 'DEMO-FLASH']));
    expect(rows.map((r) => r.status)).toEqual(['off_shelf', 'off_shelf']);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'DEMO-FLASH' }).getByTestId('product-status').getAttribute('data-status'), SOON).toBe('off_shelf');
    await page.context().close();
  });

  it('sorts the orders on the server by amount from its header, and a reload keeps the order', async () => {
    const page = await signedIn('distributor1');
    await page.goto(`${server.baseUrl}/distributor/orders`);
    const amounts = async () => (await page.locator('tbody tr td.tabular-nums').allTextContents()).map((t) => Number(t.replace(/[¥,]/g, '')));
    const ascending = async () => { const a = await amounts(); return a.length > 1 && a.every((v, i) => i === 0 || a[i - 1] <= v); };
    await page.getByRole('button', { name: /按「订单金额」排序/ }).click();
    await page.waitForURL(/sort=totalAmount&dir=desc/);
    await expect.poll(async () => { const a = await amounts(); return a.length > 1 && a.every((v, i) => i === 0 || a[i - 1] >= v); }, SOON).toBe(true);
    await page.getByRole('button', { name: /按「订单金额」排序/ }).click();
    await page.waitForURL(/sort=totalAmount&dir=asc/);
    await expect.poll(ascending, SOON).toBe(true);
    await page.reload();
    await expect.poll(ascending, SOON).toBe(true);
    await page.context().close();
  });

  it("sorts staff's distributors on the server by balance from its header, largest first, then smallest", async () => {
    const rich = await createDistributorAccount(db, { balance: 987_654_321 });
    const page = await signedIn('admin');
    await page.goto(`${server.baseUrl}/admin/distributors`);
    await page.getByRole('row').nth(1).waitFor();
    const balances = async () => (await page.locator('tbody tr td.tabular-nums').allTextContents()).map((t) => Number(t.replace(/[¥,]/g, '')));
    const sorted = (dir: 'asc' | 'desc') => async () => {
      const b = await balances();
      return b.length > 2 && b.every((v, i) => i === 0 || (dir === 'asc' ? b[i - 1] <= v : b[i - 1] >= v));
    };
    await page.getByRole('button', { name: /按「货款余额」排序/ }).click();
    await page.waitForURL(/sort=balance&dir=desc/);
    await expect.poll(sorted('desc'), SOON).toBe(true);
    expect(await page.locator('tbody tr').first().textContent()).toContain(rich.code);
    await page.getByRole('button', { name: /按「货款余额」排序/ }).click();
    await page.waitForURL(/sort=balance&dir=asc/);
    await expect.poll(sorted('asc'), SOON).toBe(true);
    await page.reload();
    await expect.poll(sorted('asc'), SOON).toBe(true);
    await page.context().close();
  });

  it("sorts staff's top-up review by amount from its header, largest first, then smallest", async () => {
    const [d] = await db.select().from(users).where(eq(users.username, 'distributor1'));
    const asDistributor = { db, actor: { kind: 'distributor' as const, userId: d.id, distributorId: d.distributorId! } };
    for (const amount of [300, 900_000]) {
      await requestTopup(asDistributor, { amount, paymentMethod: 'alipay', paymentReference: `SORT-${amount}`, proofImage: null, note: '' });
    }
    const page = await signedIn('admin');
    await page.goto(`${server.baseUrl}/admin/topups`);
    // The review table's fourth column (number, distributor, time, amount); the ledger follows below.
    const amounts = async () => (await page.locator('table').first().locator('tbody tr td:nth-child(4)').allTextContents()).map((t) => Number(t.replace(/[¥,]/g, '')));
    const sorted = (dir: 'asc' | 'desc') => async () => {
      const a = await amounts();
      return a.length > 2 && a.every((v, i) => i === 0 || (dir === 'asc' ? a[i - 1] <= v : a[i - 1] >= v));
    };
    await page.getByRole('button', { name: /按「充值金额（元）」排序/ }).click();
    await page.waitForURL(/topups\.sort=amount&topups\.dir=desc/);
    await expect.poll(sorted('desc'), SOON).toBe(true);
    expect((await amounts())[0]).toBe(9000);
    await page.getByRole('button', { name: /按「充值金额（元）」排序/ }).click();
    await page.waitForURL(/topups\.dir=asc/);
    await expect.poll(sorted('asc'), SOON).toBe(true);
    expect((await amounts())[0]).toBe(3);
    await page.context().close();
  });

  it('shows times in China time (Asia/Shanghai) whatever the browser’s own zone', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN', timezoneId: 'America/New_York' })).newPage();
    await signIn(page, server.baseUrl, 'distributor1', world.login('distributor1').password);
    await page.goto(`${server.baseUrl}/distributor/orders?orderNo=${world.ids.orderNo}`);
    const [order] = await db.select({ createdAt: orders.createdAt }).from(orders).where(eq(orders.orderNo, world.ids.orderNo));
    const china = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(order.createdAt);
    const newYork = new Intl.DateTimeFormat('zh-CN', { timeZone: 'America/New_York', dateStyle: 'short', timeStyle: 'short' }).format(order.createdAt);
    expect(china).not.toBe(newYork);
    await page.getByRole('row').filter({ hasText: world.ids.orderNo }).getByText(china).waitFor();
    await page.context().close();
  });

  it("keeps the audit log's filters in the address: one order's history, kept through a reload", async () => {
    const [order] = await db.select({ orderNo: orders.orderNo }).from(orders).orderBy(orders.id).limit(1);
    const history = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'order'), eq(auditLog.entityId, order.orderNo)));
    expect(history.length).toBeGreaterThan(0);
    const entities = (page: Page) => page.locator('tbody tr td:nth-child(4)').allTextContents();

    const page = await signedIn('admin');
    await page.goto(`${server.baseUrl}/admin/audit`);
    await expect.poll(async () => new Set(await entities(page)).size, SOON).toBeGreaterThan(1);
    await page.getByLabel('对象类型').fill('order');
    await page.getByLabel('对象编号').fill(order.orderNo);
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.waitForURL(new RegExp(`entityId=${order.orderNo}`));
    const onlyThisOrder = Array(history.length).fill(`order #${order.orderNo}`);
    await expect.poll(() => entities(page), SOON).toEqual(onlyThisOrder);

    await page.reload();
    await expect.poll(() => entities(page), SOON).toEqual(onlyThisOrder);
    expect(await page.getByLabel('对象编号').inputValue()).toBe(order.orderNo);
    await page.context().close();
  });

  it('exports the orders the filters match as CSV', async () => {
    const page = await signedIn('distributor1');
    await page.goto(`${server.baseUrl}/distributor/orders?status=completed`);
    await page.getByRole('link', { name: world.ids.orderNo }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-orders-csv').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    // The completed order, one row per item; the unpaid one is filtered out.
    expect(csv).toContain(world.ids.orderNo);
    expect(csv).toContain('WALK-0001');
    expect(csv).not.toContain('WALK-0002');
    await page.context().close();
  });

  it('keeps the distributor’s order filter across a reload and the Back button', async () => {
    const page = await signedIn('distributor1');
    await page.goto(`${server.baseUrl}/distributor/orders`);
    // As a person would, once the list is there: a filter changed in the page's very first
    // instant, before Next.js's router has taken over the history, changes the address but
    // not what useSearchParams reads (seen here about one run in three).
    await page.getByRole('link', { name: /^SO/ }).first().waitFor();
    await page.getByLabel('状态').selectOption('pending_payment');
    await page.waitForURL(/status=pending_payment/);
    // Count the orders' links, not rows: the loading state is one row too.
    await expect.poll(() => page.getByRole('link', { name: /^SO/ }).count(), SOON).toBe(1);
    await page.getByRole('link', { name: /^SO/ }).click();
    await page.waitForURL(/\/distributor\/orders\/SO/);
    await page.goBack();
    await page.waitForURL(/status=pending_payment/);
    expect(await page.getByLabel('状态').inputValue()).toBe('pending_payment');
    await expect.poll(() => page.getByRole('link', { name: /^SO/ }).count(), SOON).toBe(1);
    await page.context().close();
  });

  it("applies a filter chosen before Next.js's router has taken over the browser's history", async () => {
    const page = await signedIn('distributor1');
    // The page's first instant, held for the whole test: Next.js's router takes over the
    // history by replacing history.replaceState, once it has mounted; until then the list's
    // own change of the address does not reach useSearchParams (seen about one run in three
    // when a filter was chosen at once). Here the replacement never takes.
    await page.addInitScript(() => {
      const native = History.prototype.replaceState;
      Object.defineProperty(window.history, 'replaceState', { configurable: true, get: () => native, set: () => {} });
    });
    await page.goto(`${server.baseUrl}/distributor/orders`);
    await page.getByRole('link', { name: /^SO/ }).first().waitFor();
    const all = await page.getByRole('link', { name: /^SO/ }).count();
    expect(all).toBeGreaterThan(1);
    await page.getByLabel('状态').selectOption('pending_payment');
    await page.waitForURL(/status=pending_payment/);
    await expect.poll(() => page.getByRole('link', { name: /^SO/ }).count(), SOON).toBe(1);
    await page.reload();
    expect(await page.getByLabel('状态').inputValue()).toBe('pending_payment');
    await expect.poll(() => page.getByRole('link', { name: /^SO/ }).count(), SOON).toBe(1);
    await page.context().close();
  });

  it("sorts the distributor's price list on the server by agreed price from its header", async () => {
    const page = await signedIn('distributor1');
    await page.goto(`${server.baseUrl}/distributor/prices`);
    await page.getByRole('row').nth(1).waitFor();
    const prices = async () => (await page.locator('tbody tr td.font-medium.tabular-nums').allTextContents()).map((t) => Number(t.replace(/[¥,]/g, '')));
    const sorted = (dir: 'asc' | 'desc') => async () => {
      const p = await prices();
      return p.length > 2 && new Set(p).size > 1 && p.every((v, i) => i === 0 || (dir === 'asc' ? p[i - 1] <= v : p[i - 1] >= v));
    };
    await page.getByRole('button', { name: /按「协议价」排序/ }).click();
    await page.waitForURL(/sort=price&dir=desc/);
    await expect.poll(sorted('desc'), SOON).toBe(true);
    await page.getByRole('button', { name: /按「协议价」排序/ }).click();
    await page.waitForURL(/sort=price&dir=asc/);
    await expect.poll(sorted('asc'), SOON).toBe(true);
    await page.context().close();
  });
});
