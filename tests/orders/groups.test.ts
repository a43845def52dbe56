import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, orderItems, orders, products } from '@/server/db/schema';
import { checkInvariants } from '@/server/domain/invariants';
import { createOrder } from '@/server/domain/orders/create';
import { testDb } from '@tests/support/db';
import { outcomeCode, untilWaitingForLock, useRacingDb } from '@tests/support/races';
import { createDistributorAccount, createProduct } from '@tests/support/factories';
import { RECEIVER } from '../open-api/support';

/**
 * Orders for the same products that arrive together are placed in groups (one transaction,
 * one update of the product row, one commit: domain/orders/create.ts, hub_place_orders).
 * Fired at once from many connections: each order must still be decided alone, never
 * oversold, once per mall order number, and the product's version and stock exact.
 */
describe('orders placed in groups', () => {
  const race = useRacingDb(60);
  const mallCtx = (distributorId: number) => ({ db: race(), actor: { kind: 'mall' as const, distributorId } });
  const orderOf = (mallOrderNo: string, items: { productId: number; quantity: number }[]) => ({ mallOrderNo, items, receiver: RECEIVER, remark: '' });

  /** The transactions that placed orders of these numbers (rows written together share their xmin). */
  async function placingTransactions(mallOrderNos: string[]) {
    const rows = await testDb().execute<{ tx: string; orders: number }>(
      sql`select xmin::text as tx, count(*)::int as orders from orders where mall_order_no in (${sql.join(mallOrderNos.map((n) => sql`${n}`), sql`, `)}) group by xmin`,
    );
    return rows;
  }

  it('240 orders of mixed quantities on stock 500 from three malls: nothing oversold, every answer agrees with the rows, stock and version exact', async () => {
    const malls = await Promise.all([0, 1, 2].map(() => createDistributorAccount(testDb(), { balance: 100_000_000 })));
    const p = await createProduct(testDb(), { stock: 500, supplyPrice: 100 });
    // Quantities 1–7 in a fixed mix: about 960 units asked for 500.
    const quantity = (i: number) => 1 + ((i * 37) % 7);
    const numbers = Array.from({ length: 240 }, (_, i) => `MIX-${i}`);
    const results = await Promise.allSettled(numbers.map((no, i) => createOrder(mallCtx(malls[i % 3].distributorId), orderOf(no, [{ productId: p.id, quantity: quantity(i) }]))));
    const codes = results.map(outcomeCode);
    expect(codes.filter((c) => c !== 'ok' && c !== 'OUT_OF_STOCK')).toEqual([]);

    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    const placedUnits = codes.reduce((sum, c, i) => sum + (c === 'ok' ? quantity(i) : 0), 0);
    expect(after.stock).toBe(500 - placedUnits);
    expect(after.stock).toBeGreaterThanOrEqual(0);
    // Refusals began when it ran short (then it was withdrawn: sold out); nearly all was sold.
    expect(codes.filter((c) => c === 'OUT_OF_STOCK').length).toBeGreaterThan(0);
    expect(after.stock).toBeLessThan(7);
    expect(after.status).toBe('sold_out');

    // What the database holds agrees with every answer: one order, one line and one audit row each.
    const placed = numbers.filter((_, i) => codes[i] === 'ok');
    const rows = await testDb().select({ id: orders.id, mallOrderNo: orders.mallOrderNo }).from(orders).where(inArray(orders.mallOrderNo, numbers));
    expect(rows.map((r) => r.mallOrderNo).sort()).toEqual([...placed].sort());
    const [units] = await testDb()
      .select({ units: sql<number>`sum(${orderItems.quantity})::int`, lines: sql<number>`count(*)::int` })
      .from(orderItems)
      .where(inArray(orderItems.orderId, rows.map((r) => r.id)));
    expect(units).toEqual({ units: placedUnits, lines: placed.length });
    const [{ audits }] = await testDb()
      .select({ audits: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'order.create'), inArray(auditLog.entityId, (await testDb().select({ no: orders.orderNo }).from(orders).where(inArray(orders.id, rows.map((r) => r.id)))).map((r) => r.no))));
    expect(audits).toBe(placed.length);

    // They were placed in groups (fewer transactions than orders), and the product's version
    // grew once per group that took stock, plus once when it was marked sold out.
    const groups = await placingTransactions(placed);
    expect(groups.length).toBeLessThan(placed.length);
    expect(after.version).toBe(p.version + groups.length + 1);
    expect(after.updatedAt.getTime()).toBeGreaterThan(p.updatedAt.getTime());
    // The stock record explains what the groups took (their lines are the reservations): every invariant holds.
    expect((await checkInvariants(testDb())).breaches).toEqual([]);
  });

  it('in one group, an order that does not fit is refused alone and the others go through', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 100_000_000 });
    const p = await createProduct(testDb(), { stock: 11 });
    const small = [1, 2, 3, 4]; // 10 together, after the first order's 1: they fit in any order
    const big = [11, 15]; // never fit
    let answers: PromiseSettledResult<unknown>[] = [];
    // Hold the product's row while the orders arrive: the first group waits for it, and the
    // rest gather behind that group to go together in the next.
    await testDb().transaction(async (tx) => {
      await tx.select({ id: products.id }).from(products).where(eq(products.id, p.id)).for('update');
      const first = createOrder(mallCtx(d.distributorId), orderOf('ONE-first', [{ productId: p.id, quantity: 1 }]));
      await untilWaitingForLock('hub_place_orders', 'the first group');
      const rest = [...small, ...big].map((q, i) => createOrder(mallCtx(d.distributorId), orderOf(`ONE-${i}-${q}`, [{ productId: p.id, quantity: q }])));
      // Their planning needs no lock: give it time to finish, so that they all queue.
      await new Promise((r) => setTimeout(r, 3000));
      answers = [first, ...rest] as unknown as PromiseSettledResult<unknown>[];
    });
    const results = await Promise.allSettled(answers as unknown as Promise<unknown>[]);
    expect(results.map(outcomeCode)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'OUT_OF_STOCK', 'OUT_OF_STOCK']);
    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(after.stock).toBe(0);
    // The four placed orders were written by one transaction: one group.
    const groups = await placingTransactions(small.map((q, i) => `ONE-${i}-${q}`));
    expect(groups).toEqual([expect.objectContaining({ orders: 4 })]);
    expect(after.version).toBe(p.version + 3); // the first group, the second, then sold out
    expect(after.status).toBe('sold_out');
  });

  it('duplicate mall order numbers inside a group and across groups make one order each; a different body is refused', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 100_000_000 });
    const p = await createProduct(testDb(), { stock: 1000 });
    // 20 numbers, each sent 4 times at once (identical bodies), and one more body for DUP-0.
    const calls = Array.from({ length: 80 }, (_, i) => orderOf(`DUP-${i % 20}`, [{ productId: p.id, quantity: 1 + (i % 20) }]));
    calls.push(orderOf('DUP-0', [{ productId: p.id, quantity: 50 }]));
    const results = await Promise.allSettled(calls.map((input) => createOrder(mallCtx(d.distributorId), input)));

    const rows = await testDb().select().from(orders).where(and(eq(orders.distributorId, d.distributorId), sql`${orders.mallOrderNo} like 'DUP-%'`));
    expect(rows).toHaveLength(20);
    for (let n = 0; n < 20; n++) {
      const row = rows.find((r) => r.mallOrderNo === `DUP-${n}`)!;
      const answers = results.filter((_, i) => calls[i].mallOrderNo === `DUP-${n}`);
      const ok = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      // Every caller that got an order got this one; exactly one of them created it.
      expect(ok.every((a) => a.order.orderNo === row.orderNo)).toBe(true);
      expect(ok.filter((a) => a.created)).toHaveLength(1);
      if (n > 0) expect(ok).toHaveLength(4);
      else expect(answers.filter((a) => outcomeCode(a) === 'IDEMPOTENCY_CONFLICT').length).toBe(answers.length - ok.length);
    }
    const [dup0] = rows.filter((r) => r.mallOrderNo === 'DUP-0');
    const [{ quantity: dup0Quantity }] = await testDb().select({ quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, dup0.id));
    const expected = 1000 - (Array.from({ length: 19 }, (_, k) => k + 2).reduce((a, b) => a + b, 0) + dup0Quantity);
    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(after.stock).toBe(expected);
  });

  it('orders naming two products in either order share groups; one short of the second product reserves nothing of the first', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 100_000_000 });
    const [x, y] = await Promise.all([createProduct(testDb(), { stock: 1000 }), createProduct(testDb(), { stock: 30 })]);
    // 40 orders of x × 1 + y × 1 (in either order), then y runs out after 30.
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        createOrder(
          mallCtx(d.distributorId),
          orderOf(`XY-${i}`, i % 2 ? [{ productId: x.id, quantity: 1 }, { productId: y.id, quantity: 1 }] : [{ productId: y.id, quantity: 1 }, { productId: x.id, quantity: 1 }]),
        ),
      ),
    );
    const codes = results.map(outcomeCode);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(30);
    expect(codes.filter((c) => c === 'OUT_OF_STOCK')).toHaveLength(10);
    const rows = await testDb().select({ id: products.id, stock: products.stock }).from(products).where(inArray(products.id, [x.id, y.id]));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.stock]))).toEqual({ [x.id]: 970, [y.id]: 0 });
    expect((await checkInvariants(testDb())).breaches).toEqual([]);
    // Lines kept in the order given.
    const placed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.order] : []));
    for (const order of placed) {
      const [row] = await testDb().select({ id: orders.id, mallOrderNo: orders.mallOrderNo }).from(orders).where(eq(orders.orderNo, order.orderNo));
      const items = await testDb().select({ productId: orderItems.productId }).from(orderItems).where(eq(orderItems.orderId, row.id)).orderBy(orderItems.id);
      const i = Number(row.mallOrderNo.slice(3));
      expect(items.map((it) => it.productId)).toEqual(i % 2 ? [x.id, y.id] : [y.id, x.id]);
    }
  });

  it('a group is one announcement: the stock job is queued once per product while waiting', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 100_000_000 });
    const p = await createProduct(testDb(), { stock: 1000 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => createOrder(mallCtx(d.distributorId), orderOf(`ANN-${i}`, [{ productId: p.id, quantity: 1 }]))));
    const jobs = await testDb().execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker._private_jobs where key = ${`announce_stock:${p.id}`}`);
    expect(jobs[0].n).toBe(1);
  });
});
