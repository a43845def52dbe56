import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { shipPackage } from '@/server/domain/orders/ship';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { fenOf, xlsxSheets } from '@tests/support/exports';
import { mallCtx, orderWorld, placeOrder, type OrderWorld } from '../orders/world';

/** The finance overview, the reconciliation page and the distributor's monthly statement, in Chromium. */
describe('money pages in the browser', () => {
  let server: AppServer;
  let browser: Browser;
  let w: OrderWorld;
  beforeAll(async () => {
    w = await orderWorld();
    // Supplier A's goods at 16.00 sold to D at 21.00 (20.00 + 5%): margin 5.00 per unit, 2 units.
    const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productA.id, quantity: 2 }]);
    await shipPackage({ db: w.db, actor: w.supplierA.actor }, { orderNo: order.orderNo, carrier: '圆通', trackingNo: 'YT0001' });
    await confirmReceipt(mallCtx(w.db, w.distributorD.distributorId), { orderNo: order.orderNo });
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('staff see the finance charts and a green reconciliation that turns red, with a link, when a wallet breaks', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.baseUrl, w.staff.username, w.staff.password);
    await page.goto(`${server.baseUrl}/admin/finance`);
    await page.getByTestId('total-margin').getByText('¥10.00').waitFor();
    await page.getByTestId('money-chart').waitFor();
    await page.getByTestId('margin-chart').waitFor();
    await page.getByTestId('payables-chart').waitFor();
    // Each chart draws its series, not only its frame: bars, and the margin's line.
    for (const chart of ['money-chart', 'margin-chart', 'payables-chart']) await page.getByTestId(chart).locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('margin-chart').locator('.recharts-line-curve').waitFor();
    await page.getByTestId('margin-by-owner').getByText(`供应商 ${w.supplierA.username}`).first().waitFor();
    expect(await page.getByTestId('owed-now').textContent()).toBe('¥32.00');
    await page.getByLabel('统计粒度').selectOption('month');
    await page.waitForURL(/by=month/);

    await page.goto(`${server.baseUrl}/admin/reconciliation`);
    await page.getByTestId('reconciliation-ok').waitFor();
    await w.db.execute(sql`UPDATE wallets SET balance = balance + 1 WHERE distributor_id = ${w.distributorD.distributorId}`);
    try {
      await page.getByRole('button', { name: '重新检查' }).click();
      await page.getByTestId('reconciliation-breaches').waitFor();
      const link = page.getByRole('link', { name: `分销商 ${w.distributorD.code}` }).first();
      expect(await link.getAttribute('href')).toBe(`/admin/distributors/${w.distributorD.distributorId}`);
      // What was compared, in Chinese and in yuan: the balance one fen above the sum of its ledger.
      const figures = (await page.getByTestId('breach-figures').first().textContent()) ?? '';
      const [, balance] = /余额(¥[\d,]+\.\d\d)/.exec(figures) ?? [];
      const [, ledgerSum] = /流水之和(¥[\d,]+\.\d\d)/.exec(figures) ?? [];
      expect(balance && ledgerSum && Math.round(Number(balance.replace(/[¥,]/g, '')) * 100) - Math.round(Number(ledgerSum.replace(/[¥,]/g, '')) * 100)).toBe(1);
    } finally {
      await w.db.execute(sql`UPDATE wallets SET balance = balance - 1 WHERE distributor_id = ${w.distributorD.distributorId}`);
    }
    await page.getByRole('button', { name: '重新检查' }).click();
    await page.getByTestId('reconciliation-ok').waitFor();
    await context.close();
  });

  it('a distributor sees its monthly statement add up to its balance, and downloads it', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, server.baseUrl, w.distributorD.username, w.distributorD.password);
    await page.goto(`${server.baseUrl}/distributor/balance`);
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
    // 10,000.00 opening, less 2 × 21.00: the closing of this month is the balance now.
    await page.getByTestId('current-balance').getByText('¥9,958.00').waitFor();
    await page.getByTestId(`closing-${month}`).getByText('¥9,958.00').waitFor();
    const row = page.getByTestId('monthly-statements').getByRole('row', { name: new RegExp(month) });
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toBe(`statement-${w.distributorD.code}-${month}.xlsx`);
    const [summary, entries] = await xlsxSheets(fs.readFileSync((await download.path())!));
    expect(fenOf(summary.rows[1][7])).toBe(1_000_000 - 4_200);
    expect(entries.rows.length).toBe(3); // header, the opening credit, the order's debit
    await context.close();
  });
});
