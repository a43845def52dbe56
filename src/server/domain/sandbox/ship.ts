import { asc, and, eq, isNull, sql } from 'drizzle-orm';
import { orderItems } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { DistributorCtx } from '../context';
import { invalidState } from '../errors';
import { lockOrder } from '../orders/access';
import { loadMallOrder, type MallOrder } from '../orders/mall-order';
import { recordOrderEvent } from '../orders/order-events';
import type { OrderRef } from '../orders/schemas';
import { sendPackage } from '../orders/ship';

/** The carrier a simulated parcel names: no one can track it, and it says so. */
export const TEST_CARRIER = '测试快递';

/**
 * Nobody ships a test order (domain/sandbox: suppliers never see one), so a mall in test
 * mode would never hear order.shipped, nor reach order.completed by confirming receipt. The
 * distributor therefore ships its own paid test order from its portal, as a simulation:
 * one package per owner, as a real shipment would be, with the carrier 测试快递 and a
 * tracking number made from the order number, each package told to the mall with
 * order.shipped exactly as a live one is. Nothing live moves; completing it later earns no
 * supplier anything (settlement/earnings.ts leaves test orders out).
 */
export async function simulateShipment(ctx: DistributorCtx, ref: OrderRef): Promise<MallOrder> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx.actor, ref);
    if (!order.sandbox) throw invalidState('Only a test-mode order can be shipped as a simulation: a live order is shipped by its owners', { orderNo: order.orderNo, sandbox: false });
    if (order.status !== 'paid') throw invalidState(`The order is ${order.status}: only a paid order ships`, { orderNo: order.orderNo, status: order.status });

    // The owners still to ship, the platform first, then suppliers by id: one parcel each.
    const owners = await tx
      .selectDistinct({ owner: orderItems.ownerSupplierId })
      .from(orderItems)
      .where(and(eq(orderItems.orderId, order.id), isNull(orderItems.packageId)))
      .orderBy(sql`${orderItems.ownerSupplierId} NULLS FIRST`, asc(orderItems.ownerSupplierId));
    const packages = [];
    for (const [index, { owner }] of owners.entries()) {
      const trackingNo = `TEST${order.orderNo}${index + 1}`.slice(-40);
      const { box } = await sendPackage(tx, order, { owner, carrier: TEST_CARRIER, trackingNo, userId: ctx.actor.userId });
      await recordOrderEvent(tx, order, 'order.shipped');
      packages.push({ packageId: box.id, ownerSupplierId: owner, trackingNo });
    }
    await recordAudit({ ...ctx, db: tx }, { action: 'order.simulate_shipment', entityType: 'order', entityId: order.orderNo, detail: { sandbox: true, carrier: TEST_CARRIER, packages } });
    return loadMallOrder(tx, order.id);
  });
}
