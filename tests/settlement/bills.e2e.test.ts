import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { staffBillAndPay, supplierSeesPaidBill } from '@tests/support/bill-journey';
import { xlsxSheets, fenOf } from '@tests/support/exports';
import { createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { completedOrder } from '@tests/support/settlement';

describe('settling with a supplier in the browser', () => {
  let server: AppServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('staff cut a bill and mark it paid; the supplier sees it and downloads it as CSV and xlsx, its own only', async () => {
    const db = testDb();
    const staff = await createStaff(db);
    const supplier = await createSupplierAccount(db);
    const distributor = await createDistributorAccount(db);
    const product = await createProduct(db, { ownerSupplierId: supplier.supplierId, costPrice: 800, title: '结算测试商品' });
    await completedOrder(db, distributor.distributorId, [{ product, quantity: 3, freight: 500 }], new Date());

    const staffContext = await browser.newContext();
    const page = await staffContext.newPage();
    await signIn(page, server.baseUrl, staff.username, staff.password);
    await staffBillAndPay(page, server.baseUrl, supplier.username, '¥29.00', '招行流水 20261201'); // 8.00 × 3 + 5.00 freight
    await staffContext.close();

    const supplierContext = await browser.newContext({ acceptDownloads: true });
    const sp = await supplierContext.newPage();
    await signIn(sp, server.baseUrl, supplier.username, supplier.password);
    // The supplier sees it paid, with the payment reference, and downloads it.
    const csv = await supplierSeesPaidBill(sp, server.baseUrl, '招行流水 20261201');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('结算测试商品');
    expect(csv).toContain('29.00');
    const [excel] = await Promise.all([sp.waitForEvent('download'), sp.getByRole('link', { name: '导出 Excel' }).click()]);
    expect(excel.suggestedFilename()).toMatch(/^BL\d+\.xlsx$/);
    const [head, lines] = await xlsxSheets(fs.readFileSync((await excel.path())!));
    expect(fenOf(head.rows[1][4])).toBe(2900);
    expect(head.rows[1][7]).toBe('招行流水 20261201');
    expect(lines.rows[1][2]).toBe('结算测试商品');

    // Over HTTP with the supplier's session: another supplier's bill is not found; signed out is refused.
    const billId = new URL(sp.url()).pathname.split('/').at(-1);
    const other = await createSupplierAccount(db);
    const otherContext = await browser.newContext();
    const op = await otherContext.newPage();
    await signIn(op, server.baseUrl, other.username, other.password);
    expect((await otherContext.request.get(`${server.baseUrl}/exports/bill?billId=${billId}&format=csv`)).status()).toBe(404);
    expect((await otherContext.request.get(`${server.baseUrl}/exports/ledger?format=csv`)).status()).toBe(404);
    const own = await supplierContext.request.get(`${server.baseUrl}/exports/earnings?format=csv`);
    expect(own.status()).toBe(200);
    expect(own.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(await own.text()).toContain('结算测试商品');
    expect(await (await otherContext.request.get(`${server.baseUrl}/exports/earnings?format=csv`)).text()).not.toContain('结算测试商品');
    const signedOut = await browser.newContext();
    expect((await signedOut.request.get(`${server.baseUrl}/exports/bills?format=csv`)).status()).toBe(401);
    await Promise.all([otherContext.close(), signedOut.close(), supplierContext.close()]);
  });
});
