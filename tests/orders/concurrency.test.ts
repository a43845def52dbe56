import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { auditLog, ledgerEntries, orderItems, orders, outboxEvents, packages, supplierEarnings } from '@/server/db/schema';
import { payOrder } from '@/server/domain/orders/pay';
import { refundOrder } from '@/server/domain/orders/refund';
import { shipPackage } from '@/server/domain/orders/ship';
import { autoCompleteDueOrders, expireDueOrders } from '@/server/domain/orders/sweeps';
import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { startWorkerProcess } from '@tests/support/app-server';
import { racingDb } from '@tests/support/db';
import { outcomeCode } from '@tests/support/races';
import { createProduct } from '@tests/support/factories';
import { balanceOf, orderRow, orderWorld, placeOrder, stockOf, type OrderWorld } from './world';

/**
 * The races of an order's later life, on separate connections fired at once: PostgreSQL
 * (the order's row lock, SKIP LOCKED) decides who wins, and stock and balance must agree
 * with the winner exactly.
 */

async function countWhere(db: Db, table: typeof auditLog | typeof outboxEvents, where: ReturnType<typeof and>) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return n;
}

const expiredEvents = (db: Db, orderNo: string) => countWhere(db, outboxEvents, and(eq(outboxEvents.type, 'order.expired'), sql`${outboxEvents.data}->>'orderNo' = ${orderNo}`));
const expireAudits = (db: Db, orderNo: string) => countWhere(db, auditLog, and(eq(auditLog.action, 'order.expire'), eq(auditLog.entityId, orderNo)));

describe('order races', () => {
  let w: OrderWorld;
  let race: Db;
  beforeAll(async () => {
    w = await orderWorld();
    race = racingDb(20);
  });
  afterAll(async () => {
    await race.$client.end();
  });

  const staffCtx = () => ({ db: race, actor: w.staff.actor });
  const supplierCtx = () => ({ db: race, actor: w.supplierA.actor });
  const mall = () => ({ db: race, actor: { kind: 'mall' as const, distributorId: w.distributorD.distributorId } });
  const portal = () => ({ db: race, actor: w.distributorD.actor });

  it('ship against refund on one order: exactly one wins, and stock and balance agree with it (20 rounds)', async () => {
    const outcomes = { shipped: 0, refunded: 0 };
    for (let round = 0; round < 20; round++) {
      // Half the rounds a platform order staff ship, half a supplier's order its supplier ships.
      const supplierRound = round % 2 === 1;
      const product = supplierRound ? w.productA : w.platformProduct;
      const stock0 = await stockOf(w.db, product.id);
      const balance0 = await balanceOf(w.db, w.distributorD.distributorId);
      const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: product.id, quantity: 2 }]);
      const paidBalance = await balanceOf(w.db, w.distributorD.distributorId);
      expect(paidBalance).toBeLessThan(balance0);

      const ship = supplierRound
        ? shipPackage(supplierCtx(), { orderNo: order.orderNo, carrier: '中通', trackingNo: `ZT-R${round}` })
        : shipPackage(staffCtx(), { orderNo: order.orderNo, carrier: '顺丰', trackingNo: `SF-R${round}` });
      const refund = round % 4 < 2 ? refundOrder(mall(), { orderNo: order.orderNo }, { reason: 'race' }) : refundOrder(portal(), { orderNo: order.orderNo }, { reason: 'race' });
      const [shipped, refunded] = await Promise.allSettled([ship, refund]);
      const codes = [outcomeCode(shipped), outcomeCode(refunded)];
      expect(codes.filter((c) => c === 'ok'), `round ${round}: ${codes}`).toHaveLength(1);
      expect(codes).toContain('INVALID_STATE');

      const row = await orderRow(w.db, order.orderNo);
      const boxes = await w.db.select().from(packages).where(eq(packages.orderId, row.id));
      const credits = await w.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.kind, 'refund_credit'), eq(ledgerEntries.ref, `order:${order.orderNo}`)));
      if (shipped.status === 'fulfilled') {
        outcomes.shipped++;
        expect(row.status).toBe('shipped');
        expect(boxes).toHaveLength(1);
        expect(credits).toHaveLength(0);
        expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(paidBalance);
        expect(await stockOf(w.db, product.id)).toBe(stock0 - 2);
      } else {
        outcomes.refunded++;
        expect(row.status).toBe('refunded');
        expect(boxes).toHaveLength(0);
        expect(credits).toHaveLength(1);
        expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(balance0);
        expect(await stockOf(w.db, product.id)).toBe(stock0);
      }
    }
    expect(outcomes.shipped + outcomes.refunded).toBe(20);
  });

  it('expiry against pay at the deadline: the order is either paid or expired, never both, stock and balance exact (24 rounds)', async () => {
    const product = await createProduct(w.db, { categoryId: w.category.id, stock: 10_000, supplyPrice: 1000 });
    const outcomes = { paid: 0, expired: 0 };
    for (let round = 0; round < 24; round++) {
      const stock0 = await stockOf(w.db, product.id);
      const balance0 = await balanceOf(w.db, w.distributorD.distributorId);
      const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: product.id, quantity: 3 }], { paid: false });
      // Deadlines around the moment both fire: some already past, some a few ms ahead, with the
      // sweep fired at the deadline and the payment at once, so either may take the row first.
      const offsetMs = [-20, -5, 0, 3, 8, 15, 30, 60][round % 8];
      await w.db.update(orders).set({ expiresAt: sql`now() + make_interval(secs => ${offsetMs / 1000})` }).where(eq(orders.orderNo, order.orderNo));
      const sweepAtDeadline = new Promise((r) => setTimeout(r, Math.max(0, offsetMs))).then(() => expireDueOrders({ db: race, actor: { kind: 'system' } }));
      const [paid, swept] = await Promise.allSettled([payOrder(mall(), { orderNo: order.orderNo }), sweepAtDeadline]);
      expect(swept.status).toBe('fulfilled');

      const row = await orderRow(w.db, order.orderNo);
      const debits = await w.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.kind, 'order_debit'), eq(ledgerEntries.ref, `order:${order.orderNo}`)));
      if (row.status === 'paid') {
        outcomes.paid++;
        expect(paid.status).toBe('fulfilled');
        expect(debits).toHaveLength(1);
        expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(balance0 - 3150);
        expect(await stockOf(w.db, product.id)).toBe(stock0 - 3);
        expect(await expiredEvents(w.db, order.orderNo)).toBe(0);
      } else {
        outcomes.expired++;
        expect(row.status).toBe('expired');
        expect(outcomeCode(paid)).toBe('INVALID_STATE');
        expect(debits).toHaveLength(0);
        expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(balance0);
        expect(await stockOf(w.db, product.id)).toBe(stock0);
        // Expired once, whoever did it (the sweep, or pay finding the deadline passed).
        expect(await expiredEvents(w.db, order.orderNo)).toBe(1);
        expect(await expireAudits(w.db, order.orderNo)).toBe(1);
      }
    }
    // Rounds whose deadline had passed before either call can only expire.
    expect(outcomes.expired).toBeGreaterThanOrEqual(6);
    expect(outcomes.paid + outcomes.expired).toBe(24);
  });

  it('auto-complete against the mall confirming receipt: one completion, one earning, one order.completed (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productA.id, quantity: 1 }]);
      await shipPackage({ db: w.db, actor: w.supplierA.actor }, { orderNo: order.orderNo, carrier: '韵达', trackingNo: `YD-AC${round}` });
      await w.db.update(orders).set({ shippedAt: new Date(Date.now() - 8 * 86_400_000) }).where(eq(orders.orderNo, order.orderNo));
      const [confirmed, swept] = await Promise.allSettled([
        confirmReceipt(mall(), { orderNo: order.orderNo }),
        autoCompleteDueOrders({ db: race, actor: { kind: 'system' } }),
      ]);
      // Confirming an order the job just completed answers with the completed order.
      expect(confirmed.status, `round ${round}`).toBe('fulfilled');
      expect(swept.status).toBe('fulfilled');
      expect((await orderRow(w.db, order.orderNo)).status).toBe('completed');
      const [{ n }] = await w.db
        .select({ n: sql<number>`count(*)::int` })
        .from(supplierEarnings)
        .innerJoin(orderItems, eq(orderItems.id, supplierEarnings.orderItemId))
        .innerJoin(orders, eq(orders.id, orderItems.orderId))
        .where(eq(orders.orderNo, order.orderNo));
      expect(n).toBe(1);
      expect(await countWhere(w.db, outboxEvents, and(eq(outboxEvents.type, 'order.completed'), sql`${outboxEvents.data}->>'orderNo' = ${order.orderNo}`))).toBe(1);
      const completions = await countWhere(w.db, auditLog, and(inArray(auditLog.action, ['order.confirm_receipt', 'order.auto_complete']), eq(auditLog.entityId, order.orderNo)));
      expect(completions).toBe(1);
    }
  });

  it('ten sweeps at once over the same 30 due orders: each expires exactly once, its stock returned once', async () => {
    const product = await createProduct(w.db, { categoryId: w.category.id, stock: 300 });
    const placed = [];
    for (let i = 0; i < 30; i++) placed.push(await placeOrder(w.db, w.distributorD.distributorId, [{ productId: product.id, quantity: 10 }], { paid: false }));
    expect(await stockOf(w.db, product.id)).toBe(0);
    const numbers = placed.map((o) => o.orderNo);
    await w.db.update(orders).set({ expiresAt: new Date(Date.now() - 1000) }).where(inArray(orders.orderNo, numbers));

    const counts = await Promise.all(Array.from({ length: 10 }, () => expireDueOrders({ db: race, actor: { kind: 'system' } })));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    expect(await stockOf(w.db, product.id)).toBe(300);
    for (const orderNo of numbers) {
      expect((await orderRow(w.db, orderNo)).status).toBe('expired');
      expect(await expiredEvents(w.db, orderNo)).toBe(1);
      expect(await expireAudits(w.db, orderNo)).toBe(1);
    }
  });
});

describe('two worker processes', () => {
  it('share the due orders: every order expires exactly once and its stock comes back once', async () => {
    const w = await orderWorld();
    const product = await createProduct(w.db, { categoryId: w.category.id, stock: 400 });
    const placed = [];
    for (let i = 0; i < 40; i++) placed.push(await placeOrder(w.db, (i % 2 ? w.distributorD : w.distributorE).distributorId, [{ productId: product.id, quantity: 10 }], { paid: false }));
    const numbers = placed.map((o) => o.orderNo);
    await w.db.update(orders).set({ expiresAt: new Date(Date.now() - 1000) }).where(inArray(orders.orderNo, numbers));
    // Several sweeps queued at once, besides the one each worker queues as it starts: both
    // processes take sweeps at the same time and race for the same rows.
    await w.db.execute(sql`SELECT graphile_worker.add_job('expire_orders', '{}'::json) FROM generate_series(1, 6)`);

    const workers = await Promise.all([startWorkerProcess(), startWorkerProcess()]);
    try {
      const deadline = Date.now() + 50_000;
      for (;;) {
        const [{ left }] = await w.db.select({ left: sql<number>`count(*)::int` }).from(orders).where(and(inArray(orders.orderNo, numbers), eq(orders.status, 'pending_payment')));
        if (left === 0) break;
        if (Date.now() > deadline) throw new Error(`${left} orders still unpaid; worker output:\n${workers.map((x) => x.output()).join('\n---\n')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await Promise.all(workers.map((x) => x.stop()));
    }
    expect(await stockOf(w.db, product.id)).toBe(400);
    for (const orderNo of numbers) {
      expect(await expiredEvents(w.db, orderNo)).toBe(1);
      expect(await expireAudits(w.db, orderNo)).toBe(1);
    }
  }, 90_000);
});
