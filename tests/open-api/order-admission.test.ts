import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@/mall-client';
import { orders, products } from '@/server/db/schema';
import { testDb } from '@tests/support/db';
import { createProduct } from '@tests/support/factories';
import { createMall, rawFetch, RECEIVER, setDistributor, type Mall } from './support';

/**
 * A signed `POST /orders` is admitted and planned in one statement (domain/orders/create.ts,
 * open-api/rate-limit.ts `admitAndRead`): the order requests that arrive together are
 * admitted together, and the planning reads (distributor's terms, products, a new order id
 * and number) are done for those admitted only. Each must still be judged and priced alone,
 * and a refused one reads nothing, takes nothing and writes nothing.
 */
type Answer = { status: number; code?: string; order?: { orderNo: string; totalAmount: number; mallOrderNo: string } };

const ORDERS = '/api/open/v1/orders';

function signedOrder(mall: Mall, mallOrderNo: string, items: unknown) {
  const body = JSON.stringify({ mallOrderNo, items, receiver: RECEIVER });
  return { body, headers: signRequest(mall.credentials, { method: 'POST', pathAndQuery: ORDERS, body }) };
}

async function send(request: { body: string; headers: Record<string, string> }): Promise<Answer> {
  const response = await rawFetch(ORDERS, { method: 'POST', body: request.body, headers: request.headers });
  const json = (await response.json()) as { data?: Answer['order']; error?: { code: string } };
  return { status: response.status, code: json.error?.code, order: json.data };
}

/** How many order ids and order numbers the sequences have handed out so far. */
async function sequencesNow() {
  const [row] = await testDb().execute<{ ids: string; numbers: string }>(
    sql`select (select last_value - (not is_called)::int from orders_id_seq)::text as ids, (select last_value - (not is_called)::int from order_no_seq)::text as numbers`,
  );
  return { ids: Number(row.ids), numbers: Number(row.numbers) };
}

const stockOf = async (id: number) => (await testDb().select({ stock: products.stock }).from(products).where(eq(products.id, id)))[0].stock;

describe('POST /orders, admitted and planned in one statement', () => {
  let cheap: Mall;
  let dear: Mall;

  beforeAll(async () => {
    cheap = await createMall(testDb(), { feeBps: 500 });
    dear = await createMall(testDb(), { feeBps: 1000 });
  });

  it('one signed order sent 20 times at once is placed once; the 19 replays take no stock, no order id and no order number', async () => {
    const p = await createProduct(testDb(), { stock: 10, supplyPrice: 1000 });
    const before = await sequencesNow();
    const request = signedOrder(cheap, 'ADMIT-ONCE', [{ productId: p.id, quantity: 1 }]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(request)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const replays = answers.filter((a) => a.status !== 201);
    expect(replays).toHaveLength(19);
    for (const replay of replays) expect(replay).toMatchObject({ status: 401, code: 'NONCE_REUSED', order: undefined });
    expect(await stockOf(p.id)).toBe(9);
    // Planned once: the refused requests read nothing, so took nothing from the sequences.
    expect(await sequencesNow()).toEqual({ ids: before.ids + 1, numbers: before.numbers + 1 });
  });

  it('orders of two distributors planned together: each priced at its own level, each its own order and number, the stock exact', async () => {
    const p = await createProduct(testDb(), { stock: 100, supplyPrice: 1000 });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(signedOrder(i % 2 ? dear : cheap, `ADMIT-TWO-${i}`, [{ productId: p.id, quantity: 1 + (i % 3) }]))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 201));
    answers.forEach((a, i) => {
      // Supply price 1000 fen plus the distributor's fee (5 % or 10 %), per unit.
      expect(a.order, `order ${i}`).toMatchObject({ mallOrderNo: `ADMIT-TWO-${i}`, totalAmount: (i % 2 ? 1100 : 1050) * (1 + (i % 3)) });
    });
    expect(new Set(answers.map((a) => a.order!.orderNo)).size).toBe(30);
    const rows = await testDb().select({ orderNo: orders.orderNo, distributorId: orders.distributorId, mallOrderNo: orders.mallOrderNo }).from(orders).where(inArray(orders.orderNo, answers.map((a) => a.order!.orderNo)));
    expect(rows).toHaveLength(30);
    for (const row of rows) expect(row.distributorId).toBe(Number(row.mallOrderNo.slice('ADMIT-TWO-'.length)) % 2 ? dear.distributorId : cheap.distributorId);
    const units = answers.reduce((sum, _, i) => sum + 1 + (i % 3), 0);
    expect(await stockOf(p.id)).toBe(100 - units);
  });

  it('a burst over the bucket beside good orders: the first are placed, the rest are 429 and take nothing', async () => {
    const m = await createMall(testDb());
    await setDistributor(testDb(), m.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 5 });
    const p = await createProduct(testDb(), { stock: 100 });
    const before = await sequencesNow();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => send(signedOrder(m, `ADMIT-BURST-${i}`, [{ productId: p.id, quantity: 1 }]))));
    const refilled = Math.ceil((Date.now() - started) / 1000);
    const placed = answers.filter((a) => a.status === 201);
    expect(placed.length).toBeGreaterThanOrEqual(5);
    expect(placed.length).toBeLessThanOrEqual(5 + refilled);
    expect(answers.filter((a) => a.code === 'RATE_LIMITED')).toHaveLength(15 - placed.length);
    expect(await stockOf(p.id)).toBe(100 - placed.length);
    expect(await sequencesNow()).toEqual({ ids: before.ids + placed.length, numbers: before.numbers + placed.length });
  });

  it('an order naming a product that is not there is refused alone (404); the orders planned with it are placed', async () => {
    const p = await createProduct(testDb(), { stock: 10 });
    const answers = await Promise.all([
      send(signedOrder(cheap, 'ADMIT-MIX-1', [{ productId: p.id, quantity: 1 }])),
      send(signedOrder(dear, 'ADMIT-MIX-2', [{ productId: 2_000_000_000, quantity: 1 }])),
      send(signedOrder(cheap, 'ADMIT-MIX-3', [{ skuCode: 'NO-SUCH-SKU', quantity: 1 }])),
      send(signedOrder(dear, 'ADMIT-MIX-4', [{ productId: p.id, quantity: 2 }])),
    ]);
    expect(answers.map((a) => [a.status, a.code])).toEqual([
      [201, undefined],
      [404, 'NOT_FOUND'],
      [404, 'NOT_FOUND'],
      [201, undefined],
    ]);
    expect(await stockOf(p.id)).toBe(7);
  });
});
