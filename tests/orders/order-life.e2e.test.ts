import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MallClient, verifyWebhook } from '@/mall-client';
import { supplierEarnings, wallets } from '@/server/db/schema';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { staffBillAndPay, supplierSeesPaidBill } from '@tests/support/bill-journey';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { createCategory, createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { RECEIVER } from '../open-api/support';

/**
 * The whole life of orders through the three portals and the open API, in Chromium against
 * the built app with its worker running: a mall orders a platform item and a supplier item
 * and pays; staff ship the platform package, the supplier ships its own in its portal; the
 * mall hears each package by signed callback; it confirms receipt and the supplier's
 * earning appears; staff bill it and mark the bill paid, and the supplier sees it paid and
 * downloads it. The distributor refunds an unshipped order from its portal, and records
 * and closes an after-sales case on the shipped one. Staff ship a third order by CSV.
 */
describe('an order’s life through the portals and the API', () => {
  let server: AppServer;
  let browser: Browser;
  let receiver: http.Server;
  const received: { type: string; data: { orderNo?: string; status?: string; packages?: unknown[] } }[] = [];
  const db = testDb();
  let world: Awaited<ReturnType<typeof setup>>;
  const shots = path.join(os.tmpdir(), 'order-life-shots');

  async function setup() {
    const category = await createCategory(db);
    const staff = await createStaff(db);
    const supplier = await createSupplierAccount(db);
    const port = (receiver.address() as AddressInfo).port;
    const distributor = await createDistributorAccount(db, { balance: 100_000, feeBps: 500, callbackUrl: `http://127.0.0.1:${port}/hub-events` });
    const platform = await createProduct(db, { categoryId: category.id, title: '平台自营 龙井茶', stock: 50, supplyPrice: 1000, costPrice: 500 });
    const theirs = await createProduct(db, { categoryId: category.id, title: '供应商 山核桃', stock: 50, supplyPrice: 2000, costPrice: 1600, ownerSupplierId: supplier.supplierId });
    const mall = new MallClient({ baseUrl: server.baseUrl, distributorCode: distributor.code, appKey: distributor.appKey, secret: distributor.secret, retries: 0 });
    return { staff, supplier, distributor, platform, theirs, mall };
  }

  beforeAll(async () => {
    // The mall's callback endpoint is on this machine (the app server allows it too).
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
    fs.mkdirSync(shots, { recursive: true });
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        try {
          const event = verifyWebhook(world.distributor.webhookSecret, body, req.headers as Record<string, string>) as (typeof received)[number];
          received.push(event);
          res.writeHead(200).end('ok');
        } catch {
          res.writeHead(400).end('bad signature');
        }
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    [server, browser] = await Promise.all([startAppServer({ env: { RUN_WORKER: 'true' } }), launchBrowser()]);
    world = await setup();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((r) => receiver?.close(r));
  });

  async function portal(username: string, password: string): Promise<Page> {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, server.baseUrl, username, password);
    return page;
  }

  const balance = async () => (await db.select().from(wallets).where(eq(wallets.distributorId, world.distributor.distributorId)))[0].balance;
  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(check(), what).toBe(true);
  };

  it('ships by owner in two portals, completes, earns the supplier, billed and paid; refunds and after-sales from the distributor portal', { timeout: 240_000 }, async () => {
    const { mall, platform, theirs, staff, supplier, distributor } = world;
    const { order } = await mall.createOrder({ mallOrderNo: 'E2E-LIFE-1', items: [{ productId: platform.id, quantity: 2 }, { productId: theirs.id, quantity: 1 }], receiver: RECEIVER, remark: '请用纸箱包装' });
    await mall.pay(order.orderNo);
    expect(await balance()).toBe(100_000 - 2 * 1050 - 2100);

    // Staff: the order in the list (with the chart above), its page, the platform package shipped.
    const admin = await portal(staff.username, staff.password);
    await admin.goto(`${server.baseUrl}/admin/orders`);
    await admin.getByTestId('orders-chart').waitFor();
    await admin.getByRole('link', { name: order.orderNo }).click();
    await admin.getByTestId('group-platform').waitFor();
    await admin.screenshot({ path: path.join(shots, 'admin-order.png'), fullPage: true });
    const platformGroup = admin.getByTestId('group-platform');
    await platformGroup.getByLabel('快递公司', { exact: true }).selectOption('顺丰');
    await platformGroup.getByLabel('快递单号').fill('SF1000000007');
    await platformGroup.getByRole('button', { name: '确认发货' }).click();
    await platformGroup.getByTestId('package-line').getByText('SF1000000007').waitFor();
    // A typo in the tracking number: corrected on the same page, and the mall told again.
    await platformGroup.getByRole('button', { name: '修改物流单号' }).click();
    await platformGroup.getByLabel('快递单号').fill('SF1000000001');
    await platformGroup.getByRole('button', { name: '保存修改' }).click();
    await platformGroup.getByTestId('package-line').getByText('SF1000000001').waitFor();
    // Shipped in part: no refund any more.
    await admin.getByTestId('refund-form').waitFor({ state: 'detached' });

    // The supplier: only its item, the receiver, its own package.
    const sp = await portal(supplier.username, supplier.password);
    await sp.goto(`${server.baseUrl}/supplier/orders`);
    await sp.getByLabel('只看待我发货', { exact: false }).check();
    await sp.getByRole('link', { name: order.orderNo }).click();
    await sp.getByTestId('receiver-name').getByText(RECEIVER.name).waitFor();
    expect(await sp.getByText('平台自营 龙井茶').count()).toBe(0);
    expect(await sp.getByText('SF1000000001').count()).toBe(0);
    await sp.getByLabel('快递公司', { exact: true }).selectOption('other');
    await sp.getByLabel('快递公司名称').fill('德邦');
    await sp.getByLabel('快递单号').fill('DPK2000000002');
    await sp.getByRole('button', { name: '确认发货' }).click();
    await sp.getByTestId('order-status').getByText('已发货').waitFor();
    await sp.screenshot({ path: path.join(shots, 'supplier-order.png'), fullPage: true });

    // The mall: shipped, two packages, heard of each by signed callback; confirms receipt.
    const shipped = await mall.order(order.orderNo);
    expect(shipped.status).toBe('shipped');
    expect(shipped.packages.map((p) => [p.carrier, p.trackingNo])).toEqual([
      ['顺丰', 'SF1000000001'],
      ['德邦', 'DPK2000000002'],
    ]);
    // One per package, and one for the corrected tracking number.
    await until(() => received.filter((e) => e.type === 'order.shipped' && e.data.orderNo === order.orderNo).length === 3, 'the order.shipped callbacks');

    // The distributor sees it shipped in its portal: in its shipped orders, both packages sent.
    const dp = await portal(distributor.username, distributor.password);
    await dp.goto(`${server.baseUrl}/distributor/orders`);
    await dp.getByLabel('状态').selectOption('shipped');
    const shippedRow = dp.getByRole('row').filter({ hasText: order.orderNo });
    await shippedRow.getByTestId('order-status').getByText('已发货').waitFor();
    await shippedRow.getByText('2/2 个包裹已发').waitFor();
    await shippedRow.getByRole('link', { name: order.orderNo }).click();
    await dp.getByText('SF1000000001').first().waitFor();
    await dp.getByText('DPK2000000002').first().waitFor();

    expect((await mall.confirmReceipt(order.orderNo)).status).toBe('completed');

    // The supplier's earning: 16.00 × 1, on its order page and in its earnings.
    await sp.reload();
    await sp.getByTestId('order-earned').getByText('¥16.00').waitFor();
    const earned = await db.select().from(supplierEarnings).where(eq(supplierEarnings.supplierId, supplier.supplierId));
    expect(earned.map((e) => e.amount)).toEqual([1600]);
    // Staff bill it and mark the bill paid; the supplier sees it paid and downloads it.
    await staffBillAndPay(admin, server.baseUrl, supplier.username, '¥16.00', '工行流水 E2E-LIFE-1');
    const bill = await supplierSeesPaidBill(sp, server.baseUrl, '工行流水 E2E-LIFE-1');
    expect(bill).toContain('供应商 山核桃');
    expect(bill).toContain(order.orderNo);

    // The distributor refunds an unshipped order from its portal: balance and stock back.
    const second = (await mall.createOrder({ mallOrderNo: 'E2E-LIFE-2', items: [{ productId: platform.id, quantity: 3 }], receiver: RECEIVER })).order;
    await mall.pay(second.orderNo);
    const beforeRefund = await balance();
    await dp.goto(`${server.baseUrl}/distributor/orders`);
    await dp.getByTestId('orders-chart').waitFor();
    await dp.getByRole('link', { name: second.orderNo }).click();
    await dp.getByLabel('退款原因').fill('买家在商城申请退款，已同意');
    await dp.getByRole('button', { name: '确认退款' }).click();
    await dp.getByTestId('order-status').getByText('已退款').waitFor();
    expect(await balance()).toBe(beforeRefund + 3 * 1050);
    expect((await mall.order(second.orderNo)).status).toBe('refunded');
    expect((await mall.stock([platform.id]))[0].stock).toBe(50 - 2);

    // …and records an after-sales case on the shipped order, then closes it: no balance moves.
    const beforeCase = await balance();
    await dp.goto(`${server.baseUrl}/distributor/orders/${order.orderNo}`);
    await dp.getByLabel('类型').selectOption('return');
    await dp.getByLabel('原因').fill('山核桃受潮，买家退货');
    await dp.getByRole('button', { name: '登记', exact: true }).click();
    await dp.getByText(/已登记售后单 #\d+/).waitFor();
    await dp.getByRole('link', { name: /售后单 #\d+/ }).first().click();
    await dp.waitForURL(/\/distributor\/after-sales\/\d+$/);
    await dp.getByTestId('close-case-form').getByLabel('处理结果').fill('买家退货，商城已退款');
    await dp.getByRole('button', { name: '处理完毕，关闭' }).click();
    await dp.getByText('售后单已关闭').waitFor();
    expect(await dp.getByTestId('case-resolution').textContent()).toBe('买家退货，商城已退款');
    expect(await balance()).toBe(beforeCase);
    await dp.goto(`${server.baseUrl}/distributor/orders/${order.orderNo}`);
    await dp.getByTestId('order-timeline').locator('[data-action="after_sales.close"]').waitFor();
    await dp.screenshot({ path: path.join(shots, 'distributor-order.png'), fullPage: true });

    // The distributor's callback log shows the deliveries its mall answered.
    await dp.goto(`${server.baseUrl}/distributor/callbacks`);
    await dp.getByRole('textbox', { name: '事件 ID 或订单号' }).fill(order.orderNo);
    await dp.getByRole('button', { name: '搜索' }).click();
    const row = dp.getByTestId('callback-row').filter({ hasText: 'order.completed' });
    await row.getByText('已送达').waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: '查看投递' }).click();
    await dp.getByTestId('callback-tries').getByText('200').first().waitFor();
    await dp.screenshot({ path: path.join(shots, 'distributor-callbacks.png'), fullPage: true });
    // The search is in the address: a reload shows the same events, the form still says what was searched.
    await dp.waitForURL((url) => url.searchParams.get('search') === order.orderNo);
    await dp.reload();
    await row.getByText('已送达').waitFor();
    await expect(dp.getByRole('textbox', { name: '事件 ID 或订单号' }).inputValue()).resolves.toBe(order.orderNo);

    // Staff see the case; the closed ones only, kept in the address across a reload.
    await admin.goto(`${server.baseUrl}/admin/orders/after-sales`);
    await admin.getByRole('link', { name: order.orderNo }).waitFor();
    await admin.getByLabel('状态', { exact: true }).selectOption('closed');
    await admin.waitForURL((url) => url.searchParams.get('status') === 'closed');
    await admin.reload();
    await admin.getByRole('link', { name: order.orderNo }).waitFor();
    await expect(admin.getByLabel('状态', { exact: true }).inputValue()).resolves.toBe('closed');
  });

  it('staff ship by CSV, with progress and a result per line', async () => {
    const { mall, platform, staff } = world;
    const third = (await mall.createOrder({ mallOrderNo: 'E2E-LIFE-3', items: [{ productId: platform.id, quantity: 1 }], receiver: RECEIVER })).order;
    await mall.pay(third.orderNo);
    const csv = `订单号,快递公司,快递单号\n${third.orderNo},中通,ZT3000000003\nSO0000000000000000,中通,ZT3000000004\n`;
    const file = path.join(shots, 'ship.csv');
    fs.writeFileSync(file, '\uFEFF' + csv);
    const admin = await portal(staff.username, staff.password);
    await admin.goto(`${server.baseUrl}/admin/orders`);
    await admin.getByLabel('CSV 文件').setInputFiles(file);
    await admin.getByRole('button', { name: '开始发货' }).click();
    await admin.getByTestId('csv-progress').getByText('处理完成：1 行发货成功，0 行此前已发货，1 行失败。').waitFor();
    await admin.getByRole('row', { name: /SO0000000000000000/ }).getByText('找不到这个订单').waitFor();
    await admin.screenshot({ path: path.join(shots, 'admin-orders.png'), fullPage: true });
    expect((await mall.order(third.orderNo)).status).toBe('shipped');
  });
});
