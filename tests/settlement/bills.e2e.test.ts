import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
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

  it('staff cut a bill and mark it paid; the supplier sees it and exports its lines', async () => {
    const db = testDb();
    const staff = await createStaff(db);
    const supplier = await createSupplierAccount(db);
    const distributor = await createDistributorAccount(db);
    const product = await createProduct(db, { ownerSupplierId: supplier.supplierId, costPrice: 800, title: '结算测试商品' });
    await completedOrder(db, distributor.distributorId, [{ product, quantity: 3, freight: 500 }], new Date());

    const staffContext = await browser.newContext();
    const page = await staffContext.newPage();
    await signIn(page, server.baseUrl, staff.username, staff.password);
    await page.goto(`${server.baseUrl}/admin/bills`);
    const row = page.getByRole('row', { name: new RegExp(supplier.username) });
    await row.getByText('¥29.00').waitFor(); // 8.00 × 3 + 5.00 freight
    await row.getByRole('button', { name: '生成账单' }).click();
    await row.getByRole('button', { name: '生成账单' }).click();
    await page.getByText(/已生成账单 BL/).waitFor();
    await page.getByRole('link', { name: /^BL/ }).first().click();
    await page.getByTestId('bill-total').waitFor();
    expect(await page.getByTestId('bill-total').textContent()).toBe('¥29.00');
    await page.getByLabel('付款凭证号 / 流水号').fill('招行流水 20261201');
    await page.getByRole('button', { name: '标记已付' }).click();
    await page.getByText('已付款').first().waitFor();
    await staffContext.close();

    const supplierContext = await browser.newContext({ acceptDownloads: true });
    const sp = await supplierContext.newPage();
    await signIn(sp, server.baseUrl, supplier.username, supplier.password);
    await sp.goto(`${server.baseUrl}/supplier/bills`);
    await sp.getByTestId('bills-chart').waitFor();
    await sp.getByRole('link', { name: /^BL/ }).click();
    await sp.getByText('招行流水 20261201', { exact: false }).waitFor();
    const [download] = await Promise.all([sp.waitForEvent('download'), sp.getByRole('button', { name: '导出 CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('结算测试商品');
    expect(csv).toContain('29.00');
    await supplierContext.close();
  });
});
