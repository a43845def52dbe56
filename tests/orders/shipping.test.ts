import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orderItems, orders, outboxEvents, packages } from '@/server/db/schema';
import { parseCarrierText } from '@/server/domain/orders/carriers';
import { refundOrder } from '@/server/domain/orders/refund';
import type { MallOrder } from '@/server/domain/orders/mall-order';
import { balanceOf, mallCtx, orderRow, orderWorld, placeOrder, stockOf, type OrderWorld } from './world';

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code ?? String(e),
  );

async function eventsOf(w: OrderWorld, orderNo: string, type: string) {
  const rows = await w.db.select().from(outboxEvents).where(and(eq(outboxEvents.type, type), eq(outboxEvents.distributorId, w.distributorD.distributorId)));
  return rows.filter((r) => (r.data as MallOrder).orderNo === orderNo).map((r) => r.data as MallOrder);
}

describe('shipping: one package per owner', () => {
  let w: OrderWorld;
  beforeAll(async () => {
    w = await orderWorld();
  });

  it('corrects a tracking number while the goods are on their way: the mall hears the new one, the audit keeps the old', async () => {
    const order = await placeOrder(w.db, w.distributorD.distributorId, [
      { productId: w.platformProduct.id, quantity: 1 },
      { productId: w.productA.id, quantity: 1 },
    ]);
    // Nothing shipped yet: nothing to correct.
    expect(await codeOf(w.as.staff.admin.orders.correctTracking({ orderNo: order.orderNo, carrier: '顺丰', trackingNo: 'SF000000001' }))).toBe('INVALID_STATE');
    await w.as.staff.admin.orders.ship({ orderNo: order.orderNo, carrier: '顺丰', trackingNo: 'SF11111111' });
    // The supplier's own package has not left: it corrects nothing of the platform's.
    expect(await codeOf(w.as.supplierA.supplier.orders.correctTracking({ orderNo: order.orderNo, carrier: '顺丰', trackingNo: 'SF22222222' }))).toBe('INVALID_STATE');

    const fixed = await w.as.staff.admin.orders.correctTracking({ orderNo: order.orderNo, carrier: '中通', trackingNo: 'ZT33333333' });
    expect(fixed).toMatchObject({ outcome: 'corrected', package: { carrier: '中通', trackingNo: 'ZT33333333' } });
    expect((await w.as.staff.admin.orders.correctTracking({ orderNo: order.orderNo, carrier: '中通', trackingNo: 'ZT33333333' })).outcome).toBe('already_shipped');
    const events = await eventsOf(w, order.orderNo, 'order.shipped');
    expect(events.at(-1)!.packages).toEqual([expect.objectContaining({ carrier: '中通', trackingNo: 'ZT33333333' })]);
    const [audit] = await w.db.select().from(auditLog).where(and(eq(auditLog.entityId, order.orderNo), eq(auditLog.action, 'order.correct_tracking')));
    expect(audit.detail).toMatchObject({ before: { carrier: '顺丰', trackingNo: 'SF11111111' }, after: { carrier: '中通', trackingNo: 'ZT33333333' } });

    // Once the order is completed, the tracking is history.
    await w.as.supplierA.supplier.orders.ship({ orderNo: order.orderNo, carrier: '圆通', trackingNo: 'YT44444444' });
    expect((await w.as.supplierA.supplier.orders.correctTracking({ orderNo: order.orderNo, carrier: '圆通', trackingNo: 'YT55555555' })).outcome).toBe('corrected');
    await w.db.update(orders).set({ status: 'completed', completedAt: new Date() }).where(eq(orders.orderNo, order.orderNo));
    expect(await codeOf(w.as.staff.admin.orders.correctTracking({ orderNo: order.orderNo, carrier: '中通', trackingNo: 'ZT66666666' }))).toBe('INVALID_STATE');
  });

  it('staff ship the platform package, the supplier its own; the order ships when the last package leaves, and the mall hears of each', async () => {
    const order = await placeOrder(w.db, w.distributorD.distributorId, [
      { productId: w.platformProduct.id, quantity: 2 },
      { productId: w.productA.id, quantity: 1 },
    ]);
    const first = await w.as.staff.admin.orders.ship({ orderNo: order.orderNo, carrier: '顺丰', trackingNo: 'SF1234567890' });
    expect(first).toMatchObject({ outcome: 'shipped', orderStatus: 'paid', package: { carrier: '顺丰', trackingNo: 'SF1234567890' } });
    expect((await orderRow(w.db, order.orderNo)).status).toBe('paid');

    const second = await w.as.supplierA.supplier.orders.ship({ orderNo: order.orderNo, carrier: 'other', otherCarrier: '德邦', trackingNo: 'DPK-0001' });
    expect(second).toMatchObject({ outcome: 'shipped', orderStatus: 'shipped', package: { carrier: '德邦' } });
    const row = await orderRow(w.db, order.orderNo);
    expect(row.status).toBe('shipped');
    expect(row.shippedAt).not.toBeNull();

    // Each item sits in its owner's package; each package says who sent it.
    const boxes = await w.db.select().from(packages).where(eq(packages.orderId, row.id));
    expect(boxes.map((b) => [b.ownerSupplierId, b.carrier, b.shippedByUserId]).sort()).toEqual(
      [
        [null, '顺丰', w.staff.userId],
        [w.supplierA.supplierId, '德邦', w.supplierA.userId],
      ].sort(),
    );
    const items = await w.db.select().from(orderItems).where(eq(orderItems.orderId, row.id));
    for (const item of items) expect(item.packageId).toBe(boxes.find((b) => b.ownerSupplierId === item.ownerSupplierId)!.id);

    const shipped = await eventsOf(w, order.orderNo, 'order.shipped');
    expect(shipped.map((e) => [e.status, e.packages.length])).toEqual([
      ['paid', 1],
      ['shipped', 2],
    ]);
    expect(shipped[1].packages[1]).toMatchObject({ carrier: '德邦', trackingNo: 'DPK-0001', items: [{ productId: w.productA.id, quantity: 1 }] });
    const audits = await w.db.select().from(auditLog).where(and(eq(auditLog.entityId, order.orderNo), eq(auditLog.action, 'order.ship')));
    expect(audits.map((a) => a.actorKind).sort()).toEqual(['staff', 'supplier']);
  });

  it('shipping again with the same tracking number changes nothing; a different one is INVALID_STATE', async () => {
    const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productA.id, quantity: 1 }]);
    const ship = { orderNo: order.orderNo, carrier: '中通' as const, trackingNo: 'ZT0001' };
    expect((await w.as.supplierA.supplier.orders.ship(ship)).outcome).toBe('shipped');
    expect((await w.as.supplierA.supplier.orders.ship(ship)).outcome).toBe('already_shipped');
    await expect(w.as.supplierA.supplier.orders.ship({ ...ship, trackingNo: 'ZT0002' })).rejects.toMatchObject({ code: 'CONFLICT', cause: { code: 'INVALID_STATE' } });
    expect(await w.db.select().from(packages).where(eq(packages.orderId, (await orderRow(w.db, order.orderNo)).id))).toHaveLength(1);
    expect(await eventsOf(w, order.orderNo, 'order.shipped')).toHaveLength(1);
  });

  it('ships only what is the shipper’s, and only paid orders', async () => {
    const unpaid = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 1 }], { paid: false });
    expect(await codeOf(w.as.staff.admin.orders.ship({ orderNo: unpaid.orderNo, carrier: 'EMS', trackingNo: 'EMS0001' }))).toBe('INVALID_STATE');

    const supplierOnly = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productA.id, quantity: 1 }]);
    // Staff see it but its package is the supplier's to send.
    expect(await codeOf(w.as.staff.admin.orders.ship({ orderNo: supplierOnly.orderNo, carrier: 'EMS', trackingNo: 'EMS0002' }))).toBe('INVALID_REQUEST');
    // Supplier B has nothing in it: the order does not exist for B.
    expect(await codeOf(w.as.supplierB.supplier.orders.ship({ orderNo: supplierOnly.orderNo, carrier: 'EMS', trackingNo: 'EMS0003' }))).toBe('NOT_FOUND');
    expect((await orderRow(w.db, supplierOnly.orderNo)).status).toBe('paid');

    await expect(w.as.staff.admin.orders.ship({ orderNo: unpaid.orderNo, carrier: 'other', trackingNo: 'X0001' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(w.as.staff.admin.orders.ship({ orderNo: unpaid.orderNo, carrier: '顺丰', trackingNo: '12' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('once any package has left, the order can no longer be refunded, by anyone', async () => {
    const order = await placeOrder(w.db, w.distributorD.distributorId, [
      { productId: w.platformProduct.id, quantity: 1 },
      { productId: w.productB.id, quantity: 1 },
    ]);
    await w.as.supplierB.supplier.orders.ship({ orderNo: order.orderNo, carrier: '韵达', trackingNo: 'YD0001' });
    const balance = await balanceOf(w.db, w.distributorD.distributorId);
    expect(await codeOf(w.as.staff.admin.orders.refund({ orderNo: order.orderNo, reason: '主动退款' }))).toBe('INVALID_STATE');
    expect(await codeOf(w.as.distributorD.distributor.orders.refund({ orderNo: order.orderNo, reason: '买家不要了' }))).toBe('INVALID_STATE');
    expect(await codeOf(refundOrder(mallCtx(w.db, w.distributorD.distributorId), { orderNo: order.orderNo }, { reason: 'api' }))).toBe('INVALID_STATE');
    expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(balance);
  });

  it('staff refund an unshipped order on their own initiative: balance and stock back, the mall told', async () => {
    const before = { stock: await stockOf(w.db, w.productA.id), balance: await balanceOf(w.db, w.distributorD.distributorId) };
    const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productA.id, quantity: 3 }]);
    const refunded = await w.as.staff.admin.orders.refund({ orderNo: order.orderNo, reason: '缺货，平台主动退款' });
    expect(refunded.status).toBe('refunded');
    expect(await stockOf(w.db, w.productA.id)).toBe(before.stock);
    expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(before.balance);
    expect(await eventsOf(w, order.orderNo, 'order.refunded')).toHaveLength(1);
    const [audit] = await w.db.select().from(auditLog).where(and(eq(auditLog.entityId, order.orderNo), eq(auditLog.action, 'order.refund')));
    expect(audit).toMatchObject({ actorKind: 'staff', actorUserId: w.staff.userId, detail: { reason: '缺货，平台主动退款', initiatedBy: 'staff' } });
    // Refunded orders ship nothing.
    expect(await codeOf(w.as.supplierA.supplier.orders.ship({ orderNo: order.orderNo, carrier: '申通', trackingNo: 'ST0001' }))).toBe('INVALID_STATE');
    // The supplier sees, read-only, that it was refunded.
    const seen = await w.as.supplierA.supplier.orders.get({ orderNo: order.orderNo });
    expect(seen).toMatchObject({ status: 'refunded', refundReason: '缺货，平台主动退款', canShip: false });
    expect(seen.timeline.map((e) => e.action)).toContain('order.refund');
  });

  it('the distributor refunds an unshipped order from its portal, with the same verb as its mall', async () => {
    const before = { stock: await stockOf(w.db, w.platformProduct.id), balance: await balanceOf(w.db, w.distributorD.distributorId) };
    const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 4 }]);
    expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(before.balance - 4 * 1050);
    expect((await w.as.distributorD.distributor.orders.refund({ orderNo: order.orderNo, reason: '买家申请退款' })).status).toBe('refunded');
    // Repeating answers with the refunded order and credits nothing more.
    expect((await w.as.distributorD.distributor.orders.refund({ orderNo: order.orderNo, reason: '买家申请退款' })).status).toBe('refunded');
    expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(before.balance);
    expect(await stockOf(w.db, w.platformProduct.id)).toBe(before.stock);
    const [audit] = await w.db.select().from(auditLog).where(and(eq(auditLog.entityId, order.orderNo), eq(auditLog.action, 'order.refund')));
    expect(audit).toMatchObject({ actorKind: 'distributor', actorDistributorId: w.distributorD.distributorId, actorUserId: w.distributorD.userId });
  });
});

describe('bulk shipping by CSV rows', () => {
  let w: OrderWorld;
  beforeAll(async () => {
    w = await orderWorld();
  });

  it('ships each good row, and answers each row for itself', async () => {
    const a = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productA.id, quantity: 1 }]);
    const b = await placeOrder(w.db, w.distributorE.distributorId, [{ productId: w.productA.id, quantity: 2 }, { productId: w.platformProduct.id, quantity: 1 }]);
    const unpaid = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productA.id, quantity: 1 }], { paid: false });
    const others = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productB.id, quantity: 1 }]);
    const results = await w.as.supplierA.supplier.orders.shipMany({
      rows: [
        { line: 2, orderNo: a.orderNo, carrier: '顺丰速运', trackingNo: 'SF9000001' },
        { line: 3, orderNo: b.orderNo, carrier: 'J&T', trackingNo: 'JT9000002' },
        { line: 4, orderNo: unpaid.orderNo, carrier: '圆通', trackingNo: 'YT9000003' },
        { line: 5, orderNo: others.orderNo, carrier: '圆通', trackingNo: 'YT9000004' },
        { line: 6, orderNo: a.orderNo, carrier: '顺丰', trackingNo: 'SF9000001' },
        { line: 7, orderNo: 'SO-NOPE', carrier: '顺丰', trackingNo: 'SF9000005' },
        { line: 8, orderNo: b.orderNo, carrier: '顺风', trackingNo: 'SF9000006' },
        { line: 9, orderNo: b.orderNo, carrier: '中通', trackingNo: '' },
      ],
    });
    expect(results.map((r) => [r.line, r.outcome, r.code ?? null, r.field ?? null])).toEqual([
      [2, 'shipped', null, null],
      [3, 'shipped', null, null],
      [4, 'failed', 'INVALID_STATE', null],
      [5, 'failed', 'NOT_FOUND', null],
      [6, 'already_shipped', null, null],
      [7, 'failed', 'INVALID_REQUEST', 'orderNo'],
      [8, 'failed', 'INVALID_REQUEST', 'carrier'],
      [9, 'failed', 'INVALID_REQUEST', 'trackingNo'],
    ]);
    expect((await orderRow(w.db, a.orderNo)).status).toBe('shipped');
    // b still waits for the platform's package.
    expect((await orderRow(w.db, b.orderNo)).status).toBe('paid');
    const [box] = await w.db.select().from(packages).where(eq(packages.orderId, (await orderRow(w.db, b.orderNo)).id));
    expect(box).toMatchObject({ carrier: '极兔', trackingNo: 'JT9000002' });
  });

  it('reads carriers as merchants write them, and refuses what it cannot read', () => {
    expect(parseCarrierText(' SF ')).toEqual({ carrier: '顺丰' });
    expect(parseCarrierText('京东物流')).toEqual({ carrier: '京东' });
    expect(parseCarrierText('ems')).toEqual({ carrier: 'EMS' });
    expect(parseCarrierText('其他：德邦快递')).toEqual({ carrier: 'other', otherCarrier: '德邦快递' });
    expect(parseCarrierText('other: Deppon')).toEqual({ carrier: 'other', otherCarrier: 'Deppon' });
    expect(parseCarrierText('顺风')).toBeNull();
    expect(parseCarrierText('其他:')).toBeNull();
  });
});
