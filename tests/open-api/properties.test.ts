import fc from 'fast-check';
import { eq, lt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@/mall-client';
import { products } from '@/server/db/schema';
import { testDb } from '@tests/support/db';
import { createProduct } from '@tests/support/factories';
import { BASE_URL, createMall, rawFetch, RECEIVER, setDistributor, type Mall } from './support';

/**
 * Whatever a mall sends, correctly signed, the answer is never a 5xx: bad input is a 4xx
 * with the error envelope, and nothing is half-written.
 */
describe('property: no input makes the API fail with a 5xx', () => {
  let mall: Mall;
  let productId: number;
  let orderNo: string;

  beforeAll(async () => {
    mall = await createMall(testDb());
    await setDistributor(testDb(), mall.distributorId, { rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 });
    productId = (await createProduct(testDb(), { stock: 1_000_000, minQuantity: 2 })).id;
    orderNo = (await mall.client.createOrder({ mallOrderNo: 'PROP-BASE', items: [{ productId, quantity: 2 }], receiver: RECEIVER })).order.orderNo;
  });

  async function send(method: 'GET' | 'POST', rawPath: string, body?: string) {
    const url = new URL(BASE_URL + rawPath);
    const target = url.pathname + url.search;
    const headers = signRequest(mall.credentials, { method, pathAndQuery: target, body });
    const response = await rawFetch(target, { method, body, headers });
    const json = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details: unknown } } | null;
    return { status: response.status, json };
  }

  function expectClean(r: { status: number; json: { error?: { code: string; message: string; details: unknown } } | null }) {
    expect(r.status).toBeLessThan(500);
    if (r.status >= 400) {
      expect(r.json?.error).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Object) });
    }
  }

  const jsonBody = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('', 'null', '[]', '{}', '{"items":null}', '{"productIds":[1e400]}', '{"__proto__":{"x":1}}', '"\\u0000"'),
  );

  it('order bodies: anything at all', async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, async (body) => expectClean(await send('POST', '/api/open/v1/orders', body))),
      { numRuns: 80 },
    );
  });

  it('order bodies: almost right, with hostile values', async () => {
    const quantity = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER), fc.string());
    const line = fc.record(
      {
        productId: fc.oneof(fc.constant(productId), fc.integer(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53), fc.string()),
        skuCode: fc.string({ maxLength: 80 }),
        quantity,
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        mallOrderNo: fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)),
        items: fc.oneof(fc.array(line, { maxLength: 4 }), fc.anything()),
        receiver: fc.oneof(fc.constant(RECEIVER), fc.anything(), fc.record({ name: fc.string(), phone: fc.string(), province: fc.string(), city: fc.string(), district: fc.string(), address: fc.string() })),
        remark: fc.oneof(fc.string({ maxLength: 600 }), fc.integer()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => expectClean(await send('POST', '/api/open/v1/orders', JSON.stringify(b)))),
      { numRuns: 120 },
    );
    const negative = await testDb().select().from(products).where(lt(products.stock, 0));
    expect(negative).toEqual([]);
    const [p] = await testDb().select().from(products).where(eq(products.id, productId));
    expect(p.stock).toBeGreaterThanOrEqual(0);
  });

  it('stock and refund bodies', async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, fc.constantFrom('/api/open/v1/stock', `/api/open/v1/orders/${orderNo}/refund`), async (body, path) => expectClean(await send('POST', path, body))),
      { numRuns: 80 },
    );
  });

  it('query strings of every list', async () => {
    const key = fc.oneof(fc.constantFrom('limit', 'cursor', 'updatedSince', 'categoryId', 'brandId', 'mallOrderNo'), fc.string({ maxLength: 10 }));
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer().map(String),
      fc.double().map(String),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('', '0', '-1', '501', '1e3', '0x10', 'NaN', 'Infinity', '9'.repeat(30), 'eyJtIjoiZnVsbCJ9', '2026-13-45T99:99:99Z'),
    );
    const query = fc.array(fc.tuple(key, value), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString());
    const path = fc.constantFrom('/api/open/v1/products', '/api/open/v1/events', '/api/open/v1/orders', '/api/open/v1/categories', '/api/open/v1/balance');
    await fc.assert(
      fc.asyncProperty(path, query, async (p, q) => expectClean(await send('GET', q ? `${p}?${q}` : p))),
      { numRuns: 150 },
    );
  });

  it('path parameters', async () => {
    const segment = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('0', '-1', '1e3', '99999999999999999999', orderNo, '%00', '..'));
    await fc.assert(
      fc.asyncProperty(segment, fc.constantFrom('products', 'orders'), async (s, kind) => {
        const encoded = encodeURIComponent(s) || 'x';
        expectClean(await send('GET', `/api/open/v1/${kind}/${encoded}`));
        if (kind === 'orders') expectClean(await send('POST', `/api/open/v1/orders/${encoded}/pay`));
      }),
      { numRuns: 80 },
    );
  });
});
