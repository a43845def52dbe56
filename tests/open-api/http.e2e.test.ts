import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MallClient, signRequest, type Credentials } from '@/mall-client';
import { distributors, ledgerEntries, products, wallets } from '@/server/db/schema';
import { seedDemoData, type DemoCredentials } from '@/server/db/seed';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { MAX_BODY_BYTES } from '@/server/open-api/body';
import { listProductsInput, listProductsPage } from '@/server/domain/mall/catalog';
import { RECEIVER } from './support';

/** The open API over real HTTP, through the app's own server (socket addresses, raw targets). */
describe('the open API over HTTP', () => {
  let server: AppServer;
  let creds: DemoCredentials;
  let dataDir: string;
  let d2: Credentials;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'open-api-e2e-'));
    creds = await seedDemoData(testDb(), { dataDir, log: () => {} });
    const c = creds.distributors.find((d) => d.code === 'D0002')!;
    d2 = { distributorCode: c.code, appKey: c.key, secret: c.secret };
    // The worker runs, so that demo:mall's receiver gets its callbacks.
    server = await startAppServer({ env: { RUN_WORKER: 'true' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const client = () => new MallClient({ ...d2, baseUrl: server.baseUrl, retries: 0 });

  async function signedFetch(method: string, target: string, options: { body?: string; headers?: Record<string, string>; credentials?: Credentials } = {}) {
    const headers = { ...signRequest(options.credentials ?? d2, { method, pathAndQuery: target, body: options.body }), ...options.headers };
    const response = await fetch(server.baseUrl + target, { method, body: options.body, headers });
    return { status: response.status, json: (await response.json()) as { data?: unknown; error?: { code: string } } };
  }

  it('answers the health route without a signature or the database', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('plays the worked example: DEMO-A × 2 takes stock 100 → 98, payment debits 21.00', async () => {
    const hub = client();
    const all = [];
    for await (const p of hub.allProducts({ limit: 7 })) all.push(p);
    const a = all.find((p) => p.skuCode === 'DEMO-A')!;
    expect(a).toMatchObject({ stock: 100, minQuantity: 2, supplyPrice: 1000, serviceFeeBps: 500, agreedPrice: 1050, status: 'on_sale' });
    const before = await hub.balance();
    expect(before).toEqual({ balance: 1_000_000, currency: 'CNY' });

    const { order, created } = await hub.createOrder({ mallOrderNo: 'WORKED-EXAMPLE-1', items: [{ productId: a.id, quantity: 2 }], receiver: RECEIVER });
    expect(created).toBe(true);
    expect(order).toMatchObject({ status: 'pending_payment', totalAmount: 2100, items: [{ skuCode: 'DEMO-A', quantity: 2, unitPrice: 1050, amount: 2100 }] });
    expect((await hub.stock([a.id]))[0].stock).toBe(98);
    const [row] = await testDb().select().from(products).where(eq(products.skuCode, 'DEMO-A'));
    expect(row.stock).toBe(98);

    const paid = await hub.pay(order.orderNo);
    expect(paid.status).toBe('paid');
    expect((await hub.balance()).balance).toBe(1_000_000 - 2100);
    const [entry] = await testDb().select().from(ledgerEntries).where(eq(ledgerEntries.ref, `order:${order.orderNo}`));
    expect(entry).toMatchObject({ kind: 'order_debit', amount: -2100, balanceAfter: 997_900 });
  });

  it('sends a catalog page as the bytes PostgreSQL built for it, with their length', async () => {
    const [d] = await testDb().select({ id: distributors.id }).from(distributors).where(eq(distributors.code, 'D0002'));
    const target = '/api/open/v1/products?limit=3';
    const response = await fetch(server.baseUrl + target, { headers: signRequest(d2, { method: 'GET', pathAndQuery: target }) });
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-length')).toBe(String(body.length));
    // The same page read in-process, under the server's base URL: the same bytes.
    const before = process.env.PUBLIC_BASE_URL;
    process.env.PUBLIC_BASE_URL = server.baseUrl;
    try {
      const page = await listProductsPage({ db: testDb(), actor: { kind: 'mall', distributorId: d.id } }, listProductsInput.parse({ limit: '3' }));
      expect(body.toString('utf8')).toBe(page.bytes.toString('utf8'));
      expect(page.parse().data).toHaveLength(3);
    } finally {
      if (before === undefined) delete process.env.PUBLIC_BASE_URL;
      else process.env.PUBLIC_BASE_URL = before;
    }
  });

  it('npm run demo:mall plays the same example against the running hub', async () => {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const run = spawnSync(process.execPath, [tsx, 'scripts/demo-mall.ts'], {
      env: { ...process.env, HUB_URL: server.baseUrl, DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/DEMO-A stock 98 → 96/);
    expect(run.stdout).toMatch(/¥21\.00 debited/);
    expect(run.stdout).toMatch(/paying again is safe: paid/);
    // Its own callback endpoint received the debit and the new stock, each verified with standardwebhooks.
    expect(run.stdout).toMatch(/← callback balance\.changed evt_[0-9a-f]{24}, signature verified \(standardwebhooks\): balance ¥9,9\d\d\.\d\d \(order_debit ¥-21\.00/);
    expect(run.stdout).toMatch(/← callback product\.stock_changed evt_[0-9a-f]{24}, signature verified \(standardwebhooks\): product \d+ stock 9\d/);
    expect(run.stdout).toMatch(/callbacks received, every one verified/);
    expect(run.stdout).not.toMatch(/✗ refused/);
    // It put the callback URL back as it was.
    const [d] = await testDb().select().from(distributors).where(eq(distributors.code, 'D0002'));
    expect(d.callbackUrl).toBeNull();
  });

  it('admits by the socket address only: a forged X-Forwarded-For does not pass the whitelist', async () => {
    const d1 = creds.distributors.find((d) => d.code === 'D0001')!;
    const c1 = { distributorCode: d1.code, appKey: d1.key, secret: d1.secret };
    await testDb().update(distributors).set({ ipWhitelist: ['203.0.113.7'] }).where(eq(distributors.code, 'D0001'));
    try {
      const forged = await signedFetch('GET', '/api/open/v1/balance', { credentials: c1, headers: { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7', 'x-hub-client-ip': '203.0.113.7' } });
      expect(forged.status).toBe(403);
      expect(forged.json.error?.code).toBe('IP_NOT_ALLOWED');
    } finally {
      await testDb().update(distributors).set({ ipWhitelist: ['127.0.0.1', '::1'] }).where(eq(distributors.code, 'D0001'));
    }
    // Whitelisted by its socket address, a request passes whatever X-Forwarded-For claims.
    const fine = await signedFetch('GET', '/api/open/v1/balance', { credentials: c1, headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(fine.status).toBe(200);
  });

  it('refuses replays, skewed timestamps, tampered bodies and wrong keys over HTTP', async () => {
    const body = JSON.stringify({ productIds: [1, 2] });
    const headers = signRequest(d2, { method: 'POST', pathAndQuery: '/api/open/v1/stock', body });
    const first = await fetch(`${server.baseUrl}/api/open/v1/stock`, { method: 'POST', body, headers });
    expect(first.status).toBe(200);
    const replay = await fetch(`${server.baseUrl}/api/open/v1/stock`, { method: 'POST', body, headers });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('NONCE_REUSED');

    const tampered = signRequest(d2, { method: 'POST', pathAndQuery: '/api/open/v1/stock', body });
    const t = await fetch(`${server.baseUrl}/api/open/v1/stock`, { method: 'POST', body: body.replace('2', '3'), headers: tampered });
    expect(((await t.json()) as { error: { code: string } }).error.code).toBe('BAD_SIGNATURE');

    const skewed = await signedFetch('GET', '/api/open/v1/balance', { headers: signRequest(d2, { method: 'GET', pathAndQuery: '/api/open/v1/balance' }, { now: new Date(Date.now() - 400_000) }) });
    expect(skewed.json.error?.code).toBe('TIMESTAMP_SKEW');

    const wrongKey = await signedFetch('GET', '/api/open/v1/balance', { credentials: { ...d2, secret: 'sk_wrong' } });
    expect(wrongKey.json.error?.code).toBe('BAD_SIGNATURE');
  });

  it('verifies the request target exactly as sent on the wire', async () => {
    // A quote is re-encoded by URL parsers (%27): only the raw target matches this signature,
    // so the request gets past the signature to the cursor check.
    const target = "/api/open/v1/products?cursor=it's";
    const headers = signRequest(d2, { method: 'GET', pathAndQuery: target });
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(server.baseUrl, { path: target, headers }, (response) => {
        let text = '';
        response.on('data', (c) => (text += c));
        response.on('end', () => resolve({ status: response.statusCode!, body: text }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(400);
    expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
  });

  it('answers an unknown endpoint with the contract’s 404 envelope', async () => {
    const r = await fetch(`${server.baseUrl}/api/open/v1/no-such-thing`, { method: 'POST' });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('refuses bodies over 1 MiB with 413 over the wire, declared or streamed, and keeps serving', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 10);
    const declared = await signedFetch('POST', '/api/open/v1/orders', { body: big, headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(413);
    expect(declared.json.error?.code).toBe('PAYLOAD_TOO_LARGE');
    // Chunked, with no length declared: refused once the limit is passed, not read to its end.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${server.baseUrl}/api/open/v1/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest(d2, { method: 'POST', pathAndQuery: '/api/open/v1/orders', body: big }) } }, (response) => {
        let body = '';
        response.on('data', (c) => (body += c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      for (let i = 0; i < 20; i++) request.write('x'.repeat(MAX_BODY_BYTES / 8));
      request.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await client().balance()).currency).toBe('CNY');
  });

  it('answers a method an endpoint does not have with 405 and the methods it has', async () => {
    const r = await fetch(`${server.baseUrl}/api/open/v1/balance`, { method: 'DELETE' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
  });

  it('never answers a stack trace, even to garbage', async () => {
    const r = await fetch(`${server.baseUrl}/api/open/v1/orders`, { method: 'POST', body: '\u0000\u0001garbage', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(401);
    const text = await r.text();
    expect(text).not.toMatch(/at .+\(|node_modules|\.ts:/);
  });

  it('serves the OpenAPI 3.1 document, public, with every endpoint of the contract', async () => {
    const r = await fetch(`${server.baseUrl}/api/open/v1/openapi.json`);
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, unknown>>; webhooks: unknown };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe(`${server.baseUrl}/api/open/v1`);
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(operations.sort()).toEqual(
      [
        'GET /categories',
        'GET /brands',
        'GET /products',
        'GET /products/{id}',
        'POST /stock',
        'POST /orders',
        'GET /orders',
        'GET /orders/{orderNo}',
        'POST /orders/{orderNo}/pay',
        'POST /orders/{orderNo}/cancel',
        'POST /orders/{orderNo}/refund',
        'POST /orders/{orderNo}/confirm-receipt',
        'GET /balance',
        'GET /events',
      ].sort(),
    );
    expect(doc.webhooks).toBeTruthy();
  });

  it('shows a readable reference page to anyone, in Chinese first', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const response = await page.goto(`${server.baseUrl}/docs/open-api`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('开放接口文档');
      await expect(page.getByTestId('endpoint-createOrder').textContent()).resolves.toContain('/orders');
      await expect(page.getByText('X-Signature').first().isVisible()).resolves.toBe(true);
      // The guide in the repository, served beside the reference: the page links it.
      const guide = await page.getByRole('link', { name: /docs\/open-api\.md/ }).getAttribute('href');
      const served = await fetch(`${server.baseUrl}${guide}`);
      expect(served.headers.get('content-type')).toContain('text/markdown');
      expect(await served.text()).toBe(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/open-api.md'), 'utf8'));
      const shots = path.join(os.tmpdir(), 'open-api-docs.png');
      await page.screenshot({ path: shots, fullPage: false });
      await page.getByLabel('语言').selectOption('en');
      await page.getByRole('heading', { level: 1, name: 'Open API reference' }).waitFor();
      await page.close();
    } finally {
      await browser.close();
    }
    const [w] = await testDb().select().from(wallets).innerJoin(distributors, eq(distributors.id, wallets.distributorId)).where(eq(distributors.code, 'D0002'));
    expect(w.wallets.balance).toBeLessThan(1_000_000);
  });
});
