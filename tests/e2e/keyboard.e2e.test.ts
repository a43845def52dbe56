import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributors, suppliers, topupRequests, wallets } from '@/server/db/schema';
import { createOrder } from '@/server/domain/orders/create';
import { payOrder } from '@/server/domain/orders/pay';
import { seedDemoData, type DemoCredentials } from '@/server/db/seed';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { RECEIVER } from '../open-api/support';

/**
 * The portals by keyboard alone, in Chromium: no click, no mouse. A distributor signs in,
 * applies for a top-up and staff approve it with Tab, Shift+Tab, Enter, Space, the arrow keys
 * and Escape; every control Tab reaches shows where focus is (:focus-visible, with an outline
 * or a ring); menus, the navigation panel and the bulk-action dialog put focus inside when
 * they open, keep Tab inside, close on Escape and give focus back to what opened them.
 */

type Focused = { tag: string; name: string; row: string; visible: boolean; indicator: boolean; inDialog: boolean; inMenu: boolean };

/** What has focus: its name as a person hears it, the table row it stands in, and whether it shows focus. */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const labelled = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null;
    // What a screen reader says: the text without what is hidden from it (an icon).
    const shown = el.cloneNode(true) as HTMLElement;
    for (const hidden of shown.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
    const name = (el.getAttribute('aria-label') || labelled || el.closest('label')?.textContent || shown.textContent || '').trim().replace(/\s+/g, ' ');
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
      tag: el.tagName.toLowerCase(),
      name,
      row: el.closest('tr')?.textContent ?? '',
      visible: el.matches(':focus-visible'),
      indicator: outline || style.boxShadow !== 'none',
      inDialog: el.closest('dialog[open]') !== null,
      inMenu: el.closest('[role="menu"]') !== null,
    };
  });
}

describe('the portals by keyboard alone', () => {
  let server: AppServer;
  let browser: Browser;
  let creds: DemoCredentials;
  const db = testDb();
  /** Controls Tab reached that did not show focus. */
  const unseen: string[] = [];

  beforeAll(async () => {
    creds = await seedDemoData(db, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-keyboard-')), log: () => {} });
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function press(page: Page, key: string) {
    await page.keyboard.press(key);
    const now = await focused(page);
    if (now && (key === 'Tab' || key === 'Shift+Tab') && (!now.visible || !now.indicator)) unseen.push(`${new URL(page.url()).pathname}: <${now.tag}> “${now.name.slice(0, 40)}”`);
    return now;
  }

  /** Presses Tab (or Shift+Tab) until focus is on a control whose name (and row) match. */
  async function tabTo(page: Page, name: RegExp, options: { row?: RegExp; back?: boolean; max?: number } = {}): Promise<Focused> {
    for (let i = 0; i < (options.max ?? 120); i++) {
      const now = await press(page, options.back ? 'Shift+Tab' : 'Tab');
      if (now && name.test(now.name) && (!options.row || options.row.test(now.row))) return now;
    }
    throw new Error(`Tab never reached ${name}${options.row ? ` in a row ${options.row}` : ''}`);
  }

  async function signInByKeyboard(username: string): Promise<Page> {
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } })).newPage();
    // A money step asks window.confirm: the person presses Enter on it.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.baseUrl}/login`);
    await tabTo(page, /登录名/);
    await page.keyboard.type(username);
    await tabTo(page, /密码/);
    await page.keyboard.type(creds.logins.find((l) => l.username === username)!.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    await page.locator('main').waitFor();
    return page;
  }

  it('a distributor applies for a top-up and staff approve it, by keyboard alone', { timeout: 240_000 }, async () => {
    const mall = await signInByKeyboard('distributor1');
    // The first Tab reaches the skip link, which takes focus past the navigation to the page.
    const skip = await press(mall, 'Tab');
    expect(skip?.name).toBe('跳到主要内容');
    await tabTo(mall, /^货款$/);
    await mall.keyboard.press('Enter');
    await mall.waitForURL(/\/distributor\/balance$/);
    await mall.getByTestId('current-balance').getByText('¥').waitFor();
    const before = await mall.getByTestId('current-balance').textContent();

    await tabTo(mall, /充值金额/);
    await mall.keyboard.type('200.00');
    await tabTo(mall, /付款方式/);
    await mall.keyboard.press('ArrowDown'); // the next way of paying
    await tabTo(mall, /付款流水号/);
    await mall.keyboard.type('KEY-0001');
    await tabTo(mall, /^提交申请$/);
    await mall.keyboard.press('Space');
    // The result has focus: a screen reader reads it, the next Tab goes on from it.
    await mall.getByText('已提交 ¥200.00 的充值申请').waitFor();
    await expect.poll(async () => (await focused(mall))?.name).toMatch(/已提交 ¥200\.00 的充值申请/);
    const [request] = await db.select().from(topupRequests).where(eq(topupRequests.paymentReference, 'KEY-0001'));
    expect(request).toMatchObject({ amount: 20_000, status: 'pending' });
    expect(request.paymentMethod).not.toBe('bank_transfer');

    // One sent by mistake is withdrawn from its row (window.confirm, Enter): its button goes, focus goes to the result.
    await tabTo(mall, /充值金额/, { back: true });
    await mall.keyboard.type('9.00');
    await tabTo(mall, /付款流水号/);
    await mall.keyboard.type('KEY-MISTAKE');
    await mall.keyboard.press('Enter');
    await mall.getByTestId('topup-history').getByRole('row').filter({ hasText: 'KEY-MISTAKE' }).filter({ hasText: '待审核' }).waitFor();
    await tabTo(mall, /^撤回$/, { row: /KEY-MISTAKE/ });
    await mall.keyboard.press('Enter');
    const [mistake] = await db.select().from(topupRequests).where(eq(topupRequests.paymentReference, 'KEY-MISTAKE'));
    await expect.poll(async () => (await focused(mall))?.name).toBe(`申请单 #${mistake.id} 已撤回。`);
    await mall.getByTestId('topup-history').getByRole('row').filter({ hasText: 'KEY-MISTAKE' }).filter({ hasText: '已撤回' }).waitFor();

    const staff = await signInByKeyboard('admin');
    await tabTo(staff, /^充值审核$/);
    await staff.keyboard.press('Enter');
    await staff.waitForURL(/\/admin\/topups$/);
    await staff.getByTestId('topup-review').getByRole('row').filter({ hasText: 'KEY-0001' }).waitFor();
    await tabTo(staff, /^通过$/, { row: /KEY-0001/ });
    await staff.keyboard.press('Enter');
    await staff.getByText(`申请单 #${request.id} 已通过，¥200.00 已入账。`).waitFor();
    await expect.poll(async () => (await focused(staff))?.name).toBe(`申请单 #${request.id} 已通过，¥200.00 已入账。`);

    // The distributor's balance and ledger show it.
    const [wallet] = await db.select().from(wallets).where(eq(wallets.distributorId, request.distributorId));
    await mall.reload();
    await mall.getByTestId('current-balance').getByText(`¥${(wallet.balance / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`).waitFor();
    expect(await mall.getByTestId('current-balance').textContent()).not.toBe(before);
    await mall.getByTestId('ledger').getByRole('row').filter({ hasText: '+¥200.00' }).waitFor();
    const [approved] = await db.select().from(topupRequests).where(and(eq(topupRequests.id, request.id), eq(topupRequests.status, 'approved')));
    expect(approved).toBeDefined();

    expect(unseen).toEqual([]);
  });

  it('the user menu: focus on its first item, arrows between items, Escape back to its button', { timeout: 120_000 }, async () => {
    const page = await signInByKeyboard('supplier1');
    const button = await tabTo(page, /供应商/, { max: 40 });
    expect(button.tag).toBe('button');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.name).toBe('账户设置');
    expect((await focused(page))?.inMenu).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect((await focused(page))?.name).toBe('退出登录');
    await page.keyboard.press('ArrowDown'); // round to the first
    expect((await focused(page))?.name).toBe('账户设置');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page))?.name).toMatch(/供应商/);
    expect(await page.getByRole('menu').count()).toBe(0);
    // Tab leaves an open menu closed, from its button.
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.inMenu).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.getByRole('menu').count()).toBe(0);
    expect((await focused(page))?.name).toMatch(/供应商/);
    expect(unseen).toEqual([]);
  });

  it('the navigation panel at tablet width keeps Tab inside while open; Escape gives focus back to the Menu button', { timeout: 120_000 }, async () => {
    const page = await signInByKeyboard('supplier1');
    await page.setViewportSize({ width: 768, height: 1024 });
    await tabTo(page, /^菜单$/, { max: 40 });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.name).toBe('概览');
    const names: string[] = [];
    for (let i = 0; i < 12; i++) names.push((await press(page, 'Tab'))?.name ?? '(nothing)');
    // The button and the four links, round and round: nothing of the page behind.
    expect(new Set(names)).toEqual(new Set(['关闭菜单', '概览', '商品管理', '订单', '账单']));
    expect((await press(page, 'Shift+Tab'))?.name).toBe(names.at(-2));
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page))?.name).toBe('菜单');
    expect(unseen).toEqual([]);
  });

  it('the bulk-action dialog: focus inside on open, Tab kept inside, Escape back to the button that opened it', { timeout: 120_000 }, async () => {
    const page = await signInByKeyboard('admin');
    await page.goto(`${server.baseUrl}/admin/products`);
    await page.getByRole('row').nth(1).waitFor();
    const box = await tabTo(page, /^选择/, { row: /./ });
    expect(box.tag).toBe('input');
    await page.keyboard.press('Space');
    const opener = await tabTo(page, /^批量上架$/);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.inDialog).toBe(true);
    expect((await focused(page))?.name).toBe('确认');
    for (let i = 0; i < 6; i++) expect((await press(page, i % 2 ? 'Shift+Tab' : 'Tab'))?.inDialog).toBe(true);
    for (let i = 0; i < 5; i++) expect((await press(page, 'Tab'))?.inDialog).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page))?.name).toBe(opener.name);
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expect(unseen).toEqual([]);
  });

  it('a step confirmed by keyboard keeps focus on the page: back on its button once it is enabled again, or on the page when its form goes', { timeout: 180_000 }, async () => {
    // Staff disable a supplier (window.confirm, Enter): the button is disabled while the request
    // runs, which drops focus, and comes back as 启用 with focus on it.
    const staff = await signInByKeyboard('admin');
    const [supplier] = await db.select().from(suppliers).limit(1);
    await staff.goto(`${server.baseUrl}/admin/suppliers/${supplier.id}`);
    await staff.getByRole('button', { name: '停用' }).waitFor();
    await tabTo(staff, /^停用$/);
    await staff.keyboard.press('Enter');
    await staff.getByRole('button', { name: '启用' }).waitFor();
    await expect.poll(async () => (await focused(staff))?.name).toBe('启用');
    await staff.keyboard.press('Enter');
    await staff.getByRole('button', { name: '停用' }).waitFor();
    await expect.poll(async () => (await focused(staff))?.name).toBe('停用');

    // A distributor refunds an unshipped order: the refund form goes once done, and focus
    // stays on the page's content instead of falling to the document.
    const mall = { db, actor: { kind: 'mall' as const, distributorId: (await db.select().from(distributors).where(eq(distributors.code, 'D0001')))[0].id } };
    const { order } = await createOrder(mall, { mallOrderNo: 'KEY-REFUND', items: [{ skuCode: 'DEMO-A', quantity: 2 }], receiver: RECEIVER, remark: '' });
    await payOrder(mall, { orderNo: order.orderNo });
    const page = await signInByKeyboard('distributor1');
    await page.goto(`${server.baseUrl}/distributor/orders/${order.orderNo}`);
    await page.getByTestId('refund-form').waitFor();
    await tabTo(page, /退款原因/);
    await page.keyboard.type('买家不要了');
    await tabTo(page, /^确认退款$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('refund-form').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page))?.tag).toBeTruthy();
    expect(unseen).toEqual([]);
  });
});
