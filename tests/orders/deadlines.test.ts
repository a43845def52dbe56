import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orderItems, orders, outboxEvents, products, supplierEarnings } from '@/server/db/schema';
import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { autoCompleteDueOrders, expireDueOrders } from '@/server/domain/orders/sweeps';
import { startWorker } from '@/server/jobs/worker';
import { mallCtx, orderRow, orderWorld, placeOrder, stockOf, type OrderWorld } from './world';

/** The order deadlines kept by the worker: unpaid orders expire, shipped orders complete. */

const system = (w: OrderWorld) => ({ db: w.db, actor: { kind: 'system' as const } });

async function backdate(w: OrderWorld, orderNo: string, values: Partial<typeof orders.$inferInsert>) {
  await w.db.update(orders).set(values).where(eq(orders.orderNo, orderNo));
}

async function eventCount(w: OrderWorld, orderNo: string, type: string) {
  const [{ n }] = await w.db
    .select({ n: sql<number>`count(*)::int` })
    .from(outboxEvents)
    .where(and(eq(outboxEvents.type, type), sql`${outboxEvents.data}->>'orderNo' = ${orderNo}`));
  return n;
}

async function shipAll(w: OrderWorld, orderNo: string) {
  const detail = await w.as.staff.admin.orders.get({ orderNo });
  if (detail.groups.some((g) => g.owner.kind === 'platform')) await w.as.staff.admin.orders.ship({ orderNo, carrier: '顺丰', trackingNo: `SF${orderNo.slice(-8)}` });
  if (detail.groups.some((g) => g.owner.kind === 'supplier' && g.owner.id === w.supplierA.supplierId)) {
    await w.as.supplierA.supplier.orders.ship({ orderNo, carrier: '中通', trackingNo: `ZT${orderNo.slice(-8)}` });
  }
}

describe('expiry of unpaid orders', () => {
  let w: OrderWorld;
  beforeAll(async () => {
    w = await orderWorld();
  });

  it('expires only unpaid orders past their deadline: stock back (a sold-out product back on sale), order.expired, audited as the system', async () => {
    const p = await (await import('@tests/support/factories')).createProduct(w.db, { categoryId: w.category.id, stock: 3 });
    const due = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: p.id, quantity: 3 }], { paid: false });
    await w.db.update(products).set({ status: 'sold_out' }).where(eq(products.id, p.id));
    const notYet = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 1 }], { paid: false });
    const paid = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 1 }]);
    await backdate(w, due.orderNo, { expiresAt: new Date(Date.now() - 60_000) });
    await backdate(w, paid.orderNo, { expiresAt: new Date(Date.now() - 60_000) });

    expect(await expireDueOrders(system(w))).toBe(1);
    expect((await orderRow(w.db, due.orderNo)).status).toBe('expired');
    expect((await orderRow(w.db, notYet.orderNo)).status).toBe('pending_payment');
    expect((await orderRow(w.db, paid.orderNo)).status).toBe('paid');
    const [after] = await w.db.select().from(products).where(eq(products.id, p.id));
    expect(after).toMatchObject({ stock: 3, status: 'on_sale' });
    expect(await eventCount(w, due.orderNo, 'order.expired')).toBe(1);
    const [audit] = await w.db.select().from(auditLog).where(and(eq(auditLog.entityId, due.orderNo), eq(auditLog.action, 'order.expire')));
    expect(audit.actorKind).toBe('system');

    // Nothing left to do: a second sweep changes nothing.
    expect(await expireDueOrders(system(w))).toBe(0);
    expect(await stockOf(w.db, p.id)).toBe(3);
    expect(await eventCount(w, due.orderNo, 'order.expired')).toBe(1);
  });

  it('a worker that starts after downtime catches up at once (not at the next minute)', async () => {
    const before = await stockOf(w.db, w.platformProduct.id);
    const missed = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 5 }], { paid: false });
    await backdate(w, missed.orderNo, { expiresAt: new Date(Date.now() - 3 * 3600_000) });
    const worker = await startWorker(process.env.DATABASE_URL!, { concurrency: 2 });
    try {
      for (let i = 0; i < 100 && (await orderRow(w.db, missed.orderNo)).status !== 'expired'; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.stop();
    }
    expect((await orderRow(w.db, missed.orderNo)).status).toBe('expired');
    expect(await stockOf(w.db, w.platformProduct.id)).toBe(before);
  });
});

describe('auto-complete of shipped orders', () => {
  let w: OrderWorld;
  beforeAll(async () => {
    w = await orderWorld();
  });

  it('completes orders shipped AUTO_COMPLETE_DAYS ago, earning the supplier exactly as confirm-receipt does', async () => {
    const items = [
      { productId: w.platformProduct.id, quantity: 1 },
      { productId: w.productA.id, quantity: 2 },
    ];
    const byMall = await placeOrder(w.db, w.distributorD.distributorId, items);
    const byJob = await placeOrder(w.db, w.distributorD.distributorId, items);
    const recent = await placeOrder(w.db, w.distributorD.distributorId, items);
    for (const o of [byMall, byJob, recent]) await shipAll(w, o.orderNo);
    await backdate(w, byJob.orderNo, { shippedAt: new Date(Date.now() - 7 * 86_400_000 - 60_000) });
    await backdate(w, recent.orderNo, { shippedAt: new Date(Date.now() - 6 * 86_400_000) });

    await confirmReceipt(mallCtx(w.db, w.distributorD.distributorId), { orderNo: byMall.orderNo });
    expect(await autoCompleteDueOrders(system(w))).toBe(1);

    expect((await orderRow(w.db, byJob.orderNo)).status).toBe('completed');
    expect((await orderRow(w.db, byJob.orderNo)).completedAt).not.toBeNull();
    expect((await orderRow(w.db, recent.orderNo)).status).toBe('shipped');
    expect(await eventCount(w, byJob.orderNo, 'order.completed')).toBe(1);
    const [audit] = await w.db.select().from(auditLog).where(and(eq(auditLog.entityId, byJob.orderNo), eq(auditLog.action, 'order.auto_complete')));
    expect(audit).toMatchObject({ actorKind: 'system', detail: { from: 'shipped' } });

    const earnings = async (orderNo: string) =>
      w.db
        .select({ supplierId: supplierEarnings.supplierId, amount: supplierEarnings.amount, freight: supplierEarnings.freight })
        .from(supplierEarnings)
        .innerJoin(orderItems, eq(orderItems.id, supplierEarnings.orderItemId))
        .innerJoin(orders, eq(orders.id, orderItems.orderId))
        .where(eq(orders.orderNo, orderNo));
    expect(await earnings(byJob.orderNo)).toEqual([{ supplierId: w.supplierA.supplierId, amount: 3200, freight: 0 }]);
    expect(await earnings(byJob.orderNo)).toEqual(await earnings(byMall.orderNo));
    expect(await earnings(recent.orderNo)).toEqual([]);

    // The supplier's earning shows up in its unbilled earnings like any other.
    const unbilled = await w.as.staff.admin.bills.unbilled();
    expect(unbilled.find((u) => u.supplierId === w.supplierA.supplierId)?.amount).toBe(6400);
    expect(await autoCompleteDueOrders(system(w))).toBe(0);
  });

  it('a sweep failing on one order completes the others and reports the failure', async () => {
    const good = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 1 }]);
    const bad = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 1 }]);
    for (const o of [good, bad]) await shipAll(w, o.orderNo);
    const longAgo = new Date(Date.now() - 30 * 86_400_000);
    await backdate(w, good.orderNo, { shippedAt: longAgo });
    await backdate(w, bad.orderNo, { shippedAt: new Date(longAgo.getTime() - 1000) });
    // A fault on one order (a trigger refusing its completion) must not stop the sweep.
    const [badRow] = await w.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNo, bad.orderNo));
    await w.db.execute(sql`CREATE OR REPLACE FUNCTION test_refuse_order() RETURNS trigger AS $$ BEGIN IF NEW.id = ${sql.raw(String(badRow.id))} AND NEW.status = 'completed' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await w.db.execute(sql`CREATE TRIGGER test_refuse_order BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION test_refuse_order()`);
    try {
      await expect(autoCompleteDueOrders(system(w))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/refused for the test/) } });
      expect((await orderRow(w.db, good.orderNo)).status).toBe('completed');
      expect((await orderRow(w.db, bad.orderNo)).status).toBe('shipped');
    } finally {
      await w.db.execute(sql`DROP TRIGGER test_refuse_order ON orders`);
    }
    expect(await autoCompleteDueOrders(system(w))).toBe(1);
    expect((await orderRow(w.db, bad.orderNo)).status).toBe('completed');
    const all = await w.db.select({ status: orders.status }).from(orders).where(inArray(orders.orderNo, [good.orderNo, bad.orderNo]));
    expect(all.map((o) => o.status)).toEqual(['completed', 'completed']);
  });
});
