/**
 * The whole cycle as new users do it, in a real browser on the real app: staff create a
 * supplier and hand over its login link; the supplier signs in, uploads a product with
 * images and submits it; staff approve it with the supply price; it is on sale and malls
 * are told; a distributor finds it in its price list at its agreed price. And the image
 * check: a renamed .exe is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents, products } from '@/server/db/schema';
import { seedDemoData, type DemoCredentials } from '@/server/db/seed';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { EXE_BYTES, solidPng } from './helpers';

describe('catalog in a real browser', () => {
  let server: AppServer;
  let browser: Browser;
  let creds: DemoCredentials;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-e2e-files-'));
  const red = path.join(files, '正面.png');
  const blue = path.join(files, 'detail.png');
  const fakeImage = path.join(files, 'photo.jpg');
  const supplier = { username: `fresh_${Date.now().toString(36)}`, password: '', loginUrl: '' };
  const sku = `E2E-${Date.now().toString(36).toUpperCase()}`;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && /MISSING_MESSAGE|IntlError/.test(m.text()) && pageErrors.push(m.text()));
    return page;
  }

  beforeAll(async () => {
    fs.writeFileSync(red, solidPng(240, 240, [220, 60, 50]));
    fs.writeFileSync(blue, solidPng(240, 360, [40, 90, 220]));
    fs.writeFileSync(fakeImage, EXE_BYTES);
    creds = await seedDemoData(testDb(), { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-e2e-seed-')), log: () => {} });
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  const admin = () => creds.logins.find((l) => l.username === 'admin')!;

  it('staff create a supplier with its categories and brands, and see the login link to hand over', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, admin().username, admin().password);
    await page.getByRole('link', { name: '供应商' }).click();
    await page.waitForURL('**/admin/suppliers');
    await page.getByLabel('公司名称', { exact: true }).fill('新鲜果园有限公司');
    await page.getByLabel('联系人', { exact: true }).fill('王经理');
    await page.getByLabel('电话', { exact: true }).fill('13900001111');
    await page.getByLabel('登录名', { exact: true }).fill(supplier.username);
    supplier.password = await page.locator('#supplier-password').inputValue();
    expect(supplier.password.length).toBeGreaterThanOrEqual(8);
    await page.getByRole('checkbox', { name: '休闲零食' }).check();
    await page.getByRole('checkbox', { name: '良品优选' }).check();
    await page.getByRole('button', { name: '创建供应商' }).click();

    const handover = page.getByTestId('handover');
    await handover.waitFor();
    await expect(page.getByTestId('handover-username').textContent()).resolves.toBe(supplier.username);
    await expect(page.getByTestId('handover-password').textContent()).resolves.toBe(supplier.password);
    supplier.loginUrl = (await page.getByTestId('login-link').getAttribute('href'))!;
    expect(supplier.loginUrl).toBe(`${server.baseUrl}/login?callbackUrl=%2Fsupplier`);
    await page.getByRole('cell', { name: '新鲜果园有限公司' }).waitFor();
  });

  it('refuses a renamed .exe as an image, in the form and at the upload endpoint', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, supplier.username, supplier.password);
    await page.goto(`${server.baseUrl}/supplier/products/new`);
    await page.setInputFiles('#images', [fakeImage]);
    await expect(page.getByRole('alert').filter({ hasText: 'photo.jpg' }).textContent()).resolves.toContain('不是 JPG、PNG 或 WebP 图片');
    await expect(page.getByTestId('images-list').locator('img').count()).resolves.toBe(0);

    // The endpoint itself, with the session cookie and a lying content type.
    const result = await page.evaluate(async () => {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03])], { type: 'image/png' }), 'setup.png');
      const response = await fetch('/uploads', { method: 'POST', body });
      return { status: response.status, json: await response.json() };
    });
    expect(result).toEqual({ status: 400, json: { error: { code: 'INVALID_REQUEST', message: expect.any(String), details: { field: 'file', reason: 'type' } } } });
    const anonymous = await fetch(`${server.baseUrl}/uploads`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);

    // The size limit, at the edge: 5 MiB goes up, one byte more is refused.
    const sizes = await page.evaluate(async () => {
      const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
      const upload = async (size: number) => {
        const bytes = new Uint8Array(size);
        bytes.set(png);
        const body = new FormData();
        body.append('file', new Blob([bytes], { type: 'image/png' }), 'big.png');
        return (await fetch('/uploads', { method: 'POST', body })).status;
      };
      return [await upload(5 * 1024 * 1024), await upload(5 * 1024 * 1024 + 1)];
    });
    expect(sizes).toEqual([201, 413]);
  });

  it('the supplier signs in through the link, uploads a product with images and submits it', async () => {
    const page = await newPage();
    await page.goto(supplier.loginUrl);
    await page.getByLabel('登录名').fill(supplier.username);
    await page.getByLabel('密码').fill(supplier.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === '/supplier');

    await page.getByRole('link', { name: '商品管理' }).click();
    await page.getByRole('link', { name: '上传商品' }).click();
    await page.waitForURL('**/supplier/products/new');
    await page.getByLabel('货号').fill(sku);
    await page.getByLabel('商品标题').fill('有机腰果 500g');
    // Only what staff assigned is offered.
    await expect(page.locator('#categoryId option').allTextContents()).resolves.toEqual(['请选择', '休闲零食']);
    await expect(page.locator('#brandId option').allTextContents()).resolves.toEqual(['请选择', '良品优选']);
    await page.locator('#categoryId').selectOption({ label: '休闲零食' });
    await page.locator('#brandId').selectOption({ label: '良品优选' });
    await page.getByLabel('规格').selectOption('500g');
    await page.setInputFiles('#images', [red]);
    await page.getByTestId('images-list').locator('img').first().waitFor();
    await page.setInputFiles('#detailImages', [blue]);
    await page.getByTestId('detailImages-list').locator('img').first().waitFor();
    await page.getByLabel('供货价（元）').fill('22.00');
    await page.getByLabel('我的成本价（元，选填）').fill('16.50');
    await page.getByLabel('库存').fill('80');
    await page.getByLabel('起售数').fill('2');
    await page.getByRole('button', { name: '立即审核' }).click();
    await page.waitForURL(/\/supplier\/products\/\d+$/);
    await expect(page.getByTestId('product-status').first().getAttribute('data-status')).resolves.toBe('pending_review');

    const [row] = await testDb().select().from(products).where(eq(products.skuCode, sku));
    expect(row).toMatchObject({ status: 'pending_review', costPrice: 2200, supplierCostPrice: 1650, stock: 80, minQuantity: 2, attributes: [{ name: '规格', value: '500g' }] });
    expect(row.images).toHaveLength(1);
    expect(row.detailImages).toHaveLength(1);
  });

  it('staff review it, see the supplier supply price as the cost, approve with the supply price: on sale, malls told', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, admin().username, admin().password);
    await page.getByRole('link', { name: '商品审核' }).click();
    const row = page.getByRole('row').filter({ hasText: sku });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('新鲜果园有限公司');
    await row.getByRole('link', { name: '审核' }).click();
    await page.waitForURL(/\/admin\/review\/\d+$/);
    await expect(page.getByTestId('review-cost').textContent()).resolves.toBe('¥22.00');
    // The supplier's own cost is nowhere on the page.
    await expect(page.content()).resolves.not.toContain('16.50');
    // The pictures are served by the app.
    const images = page.getByTestId('gallery').locator('img');
    await expect(images.count()).resolves.toBe(2);
    await expect(images.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(240);

    await page.getByLabel('平台供货价（元）').fill('32.00');
    await expect(page.getByText('毛利率 31.3%').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: '通过并上架' }).click();
    await page.locator('[data-testid="product-status"][data-status="on_sale"]').first().waitFor();

    const [product] = await testDb().select().from(products).where(eq(products.skuCode, sku));
    expect(product).toMatchObject({ status: 'on_sale', supplyPrice: 3200, costPrice: 2200 });
    const events = await testDb().select().from(outboxEvents).where(eq(outboxEvents.type, 'product.updated'));
    const mine = events.filter((e) => (e.data as { skuCode?: string }).skuCode === sku);
    expect(mine.map((e) => (e.data as { status: string }).status)).toEqual(['on_sale', 'on_sale']);
    const imageUrl = (mine[0].data as { images: string[] }).images[0];
    const served = await fetch(imageUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');

    // It shows in the product list, on sale.
    await page.goto(`${server.baseUrl}/admin/products`);
    await page.getByLabel('搜索标题或货号').fill(sku);
    await page.getByRole('button', { name: '搜索' }).click();
    await expect(page.getByRole('row').filter({ hasText: sku }).getByTestId('product-status').getAttribute('data-status')).resolves.toBe('on_sale');
  });

  it('the supplier sees the decision on its product page, and may now change only the stock', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, supplier.username, supplier.password);
    await page.goto(`${server.baseUrl}/supplier/products`);
    await page.getByRole('link', { name: '有机腰果 500g' }).click();
    await expect(page.getByTestId('product-status').first().getAttribute('data-status')).resolves.toBe('on_sale');
    await expect(page.getByTestId('history').textContent()).resolves.toContain('审核通过，已上架');
    await expect(page.content()).resolves.not.toContain('32.00');
    await expect(page.getByLabel('商品标题').count()).resolves.toBe(0);
    await page.getByLabel('库存').fill('120');
    await page.getByRole('button', { name: '更新库存' }).click();
    await page.getByText('库存已更新为 120').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('a distributor finds it in its price list at its agreed price: 32.00 + 8% service fee = 34.56', async () => {
    const page = await newPage();
    const distributor = creds.logins.find((l) => l.username === 'distributor1')!;
    await signIn(page, server.baseUrl, distributor.username, distributor.password);
    await page.getByRole('link', { name: '价格表' }).click();
    await page.getByRole('textbox', { name: '搜索' }).fill(sku);
    await page.getByRole('button', { name: '搜索' }).click();
    const row = page.getByRole('row').filter({ hasText: sku });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells).toEqual(expect.arrayContaining(['¥32.00', '¥2.56', '¥34.56']));
    expect(pageErrors).toEqual([]);
  });
});
