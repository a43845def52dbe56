import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributors } from '@/server/db/schema';
import { setSandboxMode } from '@/server/domain/sandbox/mode';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createProduct, createStaff } from '@tests/support/factories';
import { MallClient } from '@/mall-client';
import { createMall, RECEIVER } from '../open-api/support';

/** Staff switch a distributor to test mode and back on its page. */
describe('test mode in the staff portal', () => {
  let server: AppServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('switches a distributor into test mode and back, saying what it means', async () => {
    const staff = await createStaff(testDb());
    const d = await createDistributorAccount(testDb());
    const page = await browser.newPage();
    await signIn(page, server.baseUrl, staff.username, staff.password);
    await page.goto(`${server.baseUrl}/admin/distributors/${d.distributorId}`);
    const panel = page.getByTestId('sandbox-mode');
    await expect(panel.textContent()).resolves.toContain('正式模式');
    await panel.getByRole('button', { name: '切换到测试模式' }).click();
    await panel.getByText('不动真实库存和货款').waitFor();
    expect((await testDb().select().from(distributors).where(eq(distributors.id, d.distributorId)))[0].sandbox).toBe(true);
    await panel.getByRole('button', { name: '切换回正式模式' }).click();
    await panel.getByText('正式模式', { exact: true }).waitFor();
    expect((await testDb().select().from(distributors).where(eq(distributors.id, d.distributorId)))[0].sandbox).toBe(false);
    await page.close();
  });

  it('marks the orders a mall placed in test mode in both portals\' order lists', async () => {
    const staff = await createStaff(testDb());
    const mall = await createMall(testDb());
    const p = await createProduct(testDb(), { stock: 5, supplyPrice: 100, minQuantity: 1 });
    const client = new MallClient({ ...mall.credentials, baseUrl: server.baseUrl, retries: 0 });
    const live = await client.createOrder({ mallOrderNo: 'LIVE-E2E', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    await setSandboxMode(staff.ctx, { id: mall.distributorId, sandbox: true });
    const test = await client.createOrder({ mallOrderNo: 'TEST-E2E', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });

    const page = await browser.newPage();
    await signIn(page, server.baseUrl, staff.username, staff.password);
    await page.goto(`${server.baseUrl}/admin/orders`);
    const row = (orderNo: string) => page.getByRole('row').filter({ has: page.getByText(orderNo, { exact: true }) });
    await row(test.order.orderNo).getByTestId('sandbox-order').waitFor();
    await expect(row(test.order.orderNo).getByTestId('sandbox-order').textContent()).resolves.toBe('测试');
    await expect(row(live.order.orderNo).getByTestId('sandbox-order').count()).resolves.toBe(0);
    await page.close();

    const own = await browser.newPage();
    await signIn(own, server.baseUrl, mall.username, mall.password);
    await own.goto(`${server.baseUrl}/distributor/orders`);
    await own.getByRole('row').filter({ has: own.getByText(test.order.orderNo, { exact: true }) }).getByTestId('sandbox-order').waitFor();
    await own.close();
  });

  it('lets the distributor ship its paid test order as a simulation from the order page', async () => {
    const staff = await createStaff(testDb());
    const mall = await createMall(testDb());
    const p = await createProduct(testDb(), { stock: 5, supplyPrice: 100, minQuantity: 1 });
    const client = new MallClient({ ...mall.credentials, baseUrl: server.baseUrl, retries: 0 });
    await setSandboxMode(staff.ctx, { id: mall.distributorId, sandbox: true });
    const { order } = await client.createOrder({ mallOrderNo: 'SIM-E2E', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    await client.pay(order.orderNo);

    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, server.baseUrl, mall.username, mall.password);
    await page.goto(`${server.baseUrl}/distributor/orders/${order.orderNo}`);
    const panel = page.getByTestId('simulate-shipment');
    await panel.getByText('没有人为它发货').waitFor();
    await panel.getByRole('button', { name: '模拟发货' }).click();
    // The package shows as sent with the test carrier, the panel goes, and the timeline says what happened.
    await page.getByText(`测试快递 TEST${order.orderNo}1`).waitFor();
    await panel.waitFor({ state: 'detached' });
    await page.getByText('模拟发货（测试模式）').waitFor();
    expect((await client.order(order.orderNo)).status).toBe('shipped');
    await page.close();
  });
});
