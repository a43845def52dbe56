import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@/mall-client';
import { apiNonces, productLevelGrants, products } from '@/server/db/schema';
import { testDb } from '@tests/support/db';
import { createProduct } from '@tests/support/factories';
import { createMall, rawFetch, RECEIVER, setDistributor, type Mall } from './support';

/**
 * `POST /stock` is admitted and read in one statement (open-api/rate-limit.ts
 * `admitAndRead`): requests that arrive together are admitted together, and only those
 * admitted are read. Each must still be judged alone and answered with its own
 * distributor's view, and a refused one learns nothing.
 */
type Answer = { status: number; code?: string; data?: { productId: number; stock: number; status: string }[]; retryAfter: string | null };

const STOCK = '/api/open/v1/stock';

function signedStock(mall: Mall, productIds: unknown, options: { now?: Date } = {}) {
  const body = JSON.stringify({ productIds });
  return { body, headers: signRequest(mall.credentials, { method: 'POST', pathAndQuery: STOCK, body }, options) };
}

async function send(request: { body: string; headers: Record<string, string> }): Promise<Answer> {
  const response = await rawFetch(STOCK, { method: 'POST', body: request.body, headers: request.headers });
  const json = (await response.json()) as { data?: Answer['data']; error?: { code: string } };
  return { status: response.status, code: json.error?.code, data: json.data, retryAfter: response.headers.get('retry-after') };
}

describe('POST /stock, admitted and read in one statement', () => {
  let mall: Mall;
  let other: Mall;
  let open: number, restricted: number;

  beforeAll(async () => {
    mall = await createMall(testDb());
    other = await createMall(testDb());
    open = (await createProduct(testDb(), { stock: 7 })).id;
    // Offered to `other`'s level only: `mall` reads it as unavailable.
    restricted = (await createProduct(testDb(), { stock: 5, visibility: 'restricted' })).id;
    await testDb().insert(productLevelGrants).values({ productId: restricted, levelId: other.levelId });
  });

  it('one signed request sent 20 times at once is answered once, with its stock; the other 19 are replays and read nothing', async () => {
    const request = signedStock(mall, [open]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(request)));
    const answered = answers.filter((a) => a.status === 200);
    expect(answered).toHaveLength(1);
    expect(answered[0].data).toEqual([{ productId: open, stock: 7, status: 'on_sale', version: expect.any(Number) }]);
    const replays = answers.filter((a) => a.status !== 200);
    expect(replays).toHaveLength(19);
    for (const replay of replays) expect(replay).toMatchObject({ status: 401, code: 'NONCE_REUSED', data: undefined });
  });

  it('requests of two distributors read together: each is answered with its own distributor’s view', async () => {
    // Ids given twice, and out of order, are answered once each, by id.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(signedStock(i % 2 ? other : mall, [restricted, open, restricted, open]))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    answers.forEach((a, i) => {
      expect(a.data, `request ${i}`).toEqual([
        { productId: open, stock: 7, status: 'on_sale', version: expect.any(Number) },
        i % 2
          ? { productId: restricted, stock: 5, status: 'on_sale', version: expect.any(Number) }
          : { productId: restricted, stock: 0, status: 'unavailable', version: expect.any(Number) },
      ]);
    });
  });

  it('a burst over the bucket: the first requests are read, the rest are 429 with Retry-After and no data', async () => {
    const m = await createMall(testDb());
    await setDistributor(testDb(), m.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 5 });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 15 }, () => send(signedStock(m, [open]))));
    const refilled = Math.ceil((Date.now() - started) / 1000);
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.code === 'RATE_LIMITED');
    expect(ok.length).toBeGreaterThanOrEqual(5);
    expect(ok.length).toBeLessThanOrEqual(5 + refilled);
    expect(limited).toHaveLength(15 - ok.length);
    for (const a of ok) expect(a.data).toEqual([{ productId: open, stock: 7, status: 'on_sale', version: expect.any(Number) }]);
    for (const a of limited) {
      expect(a.status).toBe(429);
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(a.data).toBeUndefined();
    }
  });

  it('a body refused as invalid still spends its nonce and its token; a refusal of the admission wins over it', async () => {
    const m = await createMall(testDb());
    const invalid = signedStock(m, []);
    expect(await send(invalid)).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    expect(await send(invalid)).toMatchObject({ status: 401, code: 'NONCE_REUSED' });
    const [kept] = await testDb().select().from(apiNonces).where(eq(apiNonces.nonce, invalid.headers['x-nonce']));
    expect(kept.distributorId).toBe(m.distributorId);

    await setDistributor(testDb(), m.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 1 });
    const answers = await Promise.all([send(signedStock(m, ['not a number'])), send(signedStock(m, [open]))]);
    // A bucket of 1: one of the two is admitted, the other is 429 whatever its body.
    expect(answers.filter((a) => a.code === 'RATE_LIMITED')).toHaveLength(1);
  });

  it('a distributor disabled, or moved to another level, since its last request: the very next request sees it', async () => {
    const m = await createMall(testDb());
    expect((await send(signedStock(m, [restricted]))).data).toEqual([{ productId: restricted, stock: 0, status: 'unavailable', version: expect.any(Number) }]);
    await setDistributor(testDb(), m.distributorId, { levelId: other.levelId });
    expect((await send(signedStock(m, [restricted]))).data).toEqual([{ productId: restricted, stock: 5, status: 'on_sale', version: expect.any(Number) }]);
    await setDistributor(testDb(), m.distributorId, { status: 'disabled' });
    expect(await send(signedStock(m, [restricted]))).toMatchObject({ status: 403, code: 'DISTRIBUTOR_DISABLED', data: undefined });
  });

  it('after the nonce record is lost (a database crash empties unlogged tables), a stock request signed before is refused', async () => {
    const m = await createMall(testDb());
    const captured = signedStock(m, [open], { now: new Date(Date.now() - 20_000) });
    expect((await send(captured)).status).toBe(200);
    try {
      await testDb().execute(sql`truncate api_nonces, api_nonce_epoch`);
      expect(await send(captured)).toMatchObject({ status: 401, code: 'TIMESTAMP_SKEW', data: undefined });
      expect((await send(signedStock(m, [open]))).status).toBe(200);
    } finally {
      // Other tests sign with times up to 300 s back.
      await testDb().execute(sql`update api_nonce_epoch set since = 'epoch'`);
    }
  });

  it('answers each product’s stock, status and version as its row has them after every kind of write (kept ready in the row, drizzle/0018)', async () => {
    const p = (await createProduct(testDb(), { stock: 10 })).id;
    const row = async () => (await testDb().select().from(products).where(eq(products.id, p)))[0];
    const expectAnswer = async (expected: { stock: number; status: string }) => {
      const { version } = await row();
      expect((await send(signedStock(mall, [p]))).data).toEqual([{ productId: p, ...expected, version }]);
    };
    await expectAnswer({ stock: 10, status: 'on_sale' });
    // An order (hub_place_orders updates stock and version once per group).
    const body = JSON.stringify({ mallOrderNo: `STOCK-JSON-${p}`, items: [{ productId: p, quantity: 3 }], receiver: RECEIVER });
    const headers = signRequest(mall.credentials, { method: 'POST', pathAndQuery: '/api/open/v1/orders', body });
    expect((await rawFetch('/api/open/v1/orders', { method: 'POST', body, headers })).status).toBe(201);
    await expectAnswer({ stock: 7, status: 'on_sale' });
    await testDb().update(products).set({ stock: 0, status: 'sold_out', version: sql`${products.version} + 1` }).where(eq(products.id, p));
    await expectAnswer({ stock: 0, status: 'sold_out' });
    // Withdrawn: unavailable, stock 0, with its version.
    await testDb().update(products).set({ stock: 4, status: 'off_shelf', version: sql`${products.version} + 1` }).where(eq(products.id, p));
    await expectAnswer({ stock: 0, status: 'unavailable' });
    await testDb().update(products).set({ status: 'on_sale', version: sql`${products.version} + 1` }).where(eq(products.id, p));
    await expectAnswer({ stock: 4, status: 'on_sale' });
    // Every row's ready text is what the row says, whatever wrote it (the tests of this run included).
    const [{ stale }] = await testDb().execute<{ stale: number }>(sql`
      select count(*)::int as stale from products
      where stock_json <> case when status in ('on_sale', 'sold_out')
        then '{"productId":' || id || ',"stock":' || stock || ',"status":"' || status::text || '","version":' || version || '}'
        else '{"productId":' || id || ',"stock":0,"status":"unavailable","version":' || version || '}' end`);
    expect(stale).toBe(0);
  });
});
