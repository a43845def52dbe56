import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@/mall-client';
import { auditLog, orderItems, orders, products } from '@/server/db/schema';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { testDb } from '@tests/support/db';
import { createProduct } from '@tests/support/factories';
import { createMall, RECEIVER, setDistributor, type Mall } from '../open-api/support';

/**
 * An app server killed (SIGKILL) in the middle of a flash sale, with groups of orders on
 * their way to PostgreSQL or committed and not yet answered. The malls retry every order
 * they did not get an answer for, on the other server, as they would (same mallOrderNo):
 * each order exists exactly once, the answers before and after the crash agree, and the
 * stock is exact.
 */
describe('an app server dies during a flash sale', () => {
  let a: AppServer;
  let b: AppServer;
  beforeAll(async () => {
    // A leads a process group of its own: SIGKILL reaches the server under tsx's launcher at once.
    [a, b] = await Promise.all([startAppServer({ processGroup: true }), startAppServer()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  /** Kills the server at once (SIGKILL to its whole process group): a crash. */
  async function crash(server: AppServer) {
    server.kill('SIGKILL');
    await server.exited;
  }

  async function order(server: AppServer, mall: Mall, mallOrderNo: string, productId: number, quantity: number) {
    const body = JSON.stringify({ mallOrderNo, items: [{ productId, quantity }], receiver: RECEIVER });
    const headers = { ...signRequest(mall.credentials, { method: 'POST', pathAndQuery: '/api/open/v1/orders', body }), 'content-type': 'application/json' };
    const response = await fetch(`${server.baseUrl}/api/open/v1/orders`, { method: 'POST', body, headers });
    const json = (await response.json()) as { data?: { orderNo: string }; error?: { code: string } };
    return { status: response.status, orderNo: json.data?.orderNo, code: json.error?.code };
  }

  it('loses no order and doubles none: the retries on the other server find what committed', async () => {
    const mall = await createMall(testDb(), { balance: 1_000_000_000 });
    await setDistributor(testDb(), mall.distributorId, { rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 });
    const p = await createProduct(testDb(), { stock: 10_000 });
    const numbers = Array.from({ length: 300 }, (_, i) => `CRASH-${i}`);
    const quantity = (i: number) => 1 + (i % 3);

    // 30 malls' connections at once on server A; A is killed after 60 answers.
    const before = new Map<string, { status: number; orderNo?: string }>();
    let next = 0;
    let crashed: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        while (next < numbers.length) {
          const i = next++;
          try {
            const answer = await order(a, mall, numbers[i], p.id, quantity(i));
            before.set(numbers[i], answer);
            if (before.size === 60) crashed = crash(a);
          } catch {
            // The server is gone: this mall did not get its answer.
          }
        }
      }),
    );
    await crashed;
    expect([...before.values()].every((x) => x.status === 201)).toBe(true);
    expect(before.size).toBeLessThan(numbers.length);

    // Every mall retries what it sent, on server B: the same order numbers, newly signed.
    const after = await Promise.all(numbers.map((no, i) => order(b, mall, no, p.id, quantity(i))));
    expect(after.every((x) => x.status === 200 || x.status === 201)).toBe(true);
    for (const [no, answer] of before) expect(after[numbers.indexOf(no)]).toMatchObject({ status: 200, orderNo: answer.orderNo });

    const rows = await testDb().select({ id: orders.id, orderNo: orders.orderNo }).from(orders).where(inArray(orders.mallOrderNo, numbers));
    expect(rows).toHaveLength(300);
    const [lines] = await testDb()
      .select({ n: sql<number>`count(*)::int`, units: sql<number>`sum(${orderItems.quantity})::int` })
      .from(orderItems)
      .where(inArray(orderItems.orderId, rows.map((r) => r.id)));
    const units = numbers.reduce((sum, _, i) => sum + quantity(i), 0);
    expect(lines).toEqual({ n: 300, units });
    const [{ audits }] = await testDb()
      .select({ audits: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'order.create'), inArray(auditLog.entityId, rows.map((r) => r.orderNo))));
    expect(audits).toBe(300);
    const [product] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(product.stock).toBe(10_000 - units);
  }, 180_000);
});
