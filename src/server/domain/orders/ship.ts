import { and, count, eq, exists, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { orderItems, orders, packages } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { Actor, Ctx } from '../context';
import { DomainError, invalidRequest, invalidState, notFound } from '../errors';
import { carrierName, parseCarrierText, shipInput, type ShipInput, type shipManyInput } from './carriers';
import { recordOrderEvent } from './order-events';
import { setOrderStatus } from './step';

/**
 * Shipping (docs/product.md "Orders"): each item is shipped by its product's owner, in one
 * package per owner: staff ship the platform's items, a supplier ships its own. The order
 * becomes `shipped` when its last package leaves. Each package tells the mall at once
 * (order.shipped, the order with the new package), so a mall with two owners' goods in one
 * order hears of each parcel as it leaves; the event's order status says whether all have.
 */

export type ShipperActor = Extract<Actor, { kind: 'staff' | 'supplier' }>;
export type ShipCtx = Ctx<ShipperActor>;

/** Whose items a shipper ships: null is the platform's. */
export function shipperOwner(actor: ShipperActor): number | null {
  return actor.kind === 'supplier' ? actor.supplierId : null;
}

/** Items or packages of one owner (the platform when null). */
export function ownedBy(column: PgColumn, owner: number | null): SQL {
  return owner === null ? isNull(column) : eq(column, owner);
}

/**
 * Locks the order for shipping. A supplier finds only orders holding items of its own:
 * any other order is NOT_FOUND, the same as one that does not exist.
 */
async function lockOrderToShip(tx: Tx, actor: ShipperActor, orderNo: string) {
  const mine =
    actor.kind === 'supplier'
      ? exists(tx.select({ one: sql`1` }).from(orderItems).where(and(eq(orderItems.orderId, orders.id), eq(orderItems.ownerSupplierId, actor.supplierId))))
      : undefined;
  const [order] = await tx.select().from(orders).where(and(eq(orders.orderNo, orderNo), mine)).for('update', { of: orders });
  // A supplier never sees a test order (domain/sandbox); staff are told its distributor ships it (sandbox/ship.ts).
  if (!order || (order.sandbox && actor.kind === 'supplier')) throw notFound('Order', { orderNo });
  if (order.sandbox) throw invalidState('A test-mode order is shipped by its distributor, as a simulation, not by its owners', { orderNo, sandbox: true });
  return order;
}

const parcel = (p: typeof packages.$inferSelect) => ({ carrier: p.carrier, trackingNo: p.trackingNo, shippedAt: p.shippedAt });

/**
 * Sends one owner's package of a locked, paid order: the package row, its items linked to
 * it, and the order `shipped` once no item is left waiting. The caller audits it and tells
 * the mall (order.shipped), after its own checks (domain/sandbox ships test orders here too).
 */
export async function sendPackage(tx: Tx, order: { id: number }, sent: { owner: number | null; carrier: string; trackingNo: string; userId: number }) {
  const [box] = await tx
    .insert(packages)
    .values({ orderId: order.id, ownerSupplierId: sent.owner, carrier: sent.carrier, trackingNo: sent.trackingNo, shippedByUserId: sent.userId })
    .returning();
  await tx
    .update(orderItems)
    .set({ packageId: box.id })
    .where(and(eq(orderItems.orderId, order.id), ownedBy(orderItems.ownerSupplierId, sent.owner)));
  const [{ waiting }] = await tx.select({ waiting: count() }).from(orderItems).where(and(eq(orderItems.orderId, order.id), isNull(orderItems.packageId)));
  const orderStatus = waiting === 0 ? ('shipped' as const) : ('paid' as const);
  if (orderStatus === 'shipped') await setOrderStatus(tx, order.id, 'shipped', { shippedAt: box.shippedAt });
  return { box, orderStatus };
}

export type ShipResult = {
  outcome: 'shipped' | 'already_shipped';
  orderNo: string;
  orderStatus: (typeof orders.$inferSelect)['status'];
  package: { carrier: string; trackingNo: string; shippedAt: Date };
};

/**
 * Ships the caller's package of an order, in one transaction on the locked order row (so
 * a refund racing it either finds the package or refunds first and the shipment is
 * refused). Sending the same carrier and tracking number again answers `already_shipped`
 * and changes nothing; a different one for a package already sent is INVALID_STATE.
 */
export async function shipPackage(ctx: ShipCtx, input: ShipInput): Promise<ShipResult> {
  const owner = shipperOwner(ctx.actor);
  const carrier = carrierName(input);
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderToShip(tx, ctx.actor, input.orderNo);
    const [sent] = await tx.select().from(packages).where(and(eq(packages.orderId, order.id), ownedBy(packages.ownerSupplierId, owner)));
    if (sent) {
      if (sent.carrier === carrier && sent.trackingNo === input.trackingNo) {
        return { outcome: 'already_shipped' as const, orderNo: order.orderNo, orderStatus: order.status, package: parcel(sent) };
      }
      throw invalidState(`This package already shipped with ${sent.carrier} ${sent.trackingNo}`, {
        orderNo: order.orderNo,
        status: order.status,
        carrier: sent.carrier,
        trackingNo: sent.trackingNo,
      });
    }
    if (order.status !== 'paid') {
      throw invalidState(`The order is ${order.status}: only a paid order ships`, { orderNo: order.orderNo, status: order.status });
    }
    const [{ mine }] = await tx.select({ mine: count() }).from(orderItems).where(and(eq(orderItems.orderId, order.id), ownedBy(orderItems.ownerSupplierId, owner)));
    // Staff see every order, but ship only the platform's items: a supplier's are its to ship.
    if (mine === 0) throw invalidRequest('This order has no platform items: its suppliers ship it', { orderNo: order.orderNo, field: 'orderNo' });

    const { box, orderStatus } = await sendPackage(tx, order, { owner, carrier, trackingNo: input.trackingNo, userId: ctx.actor.userId });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'order.ship',
        entityType: 'order',
        entityId: order.orderNo,
        detail: { packageId: box.id, ownerSupplierId: owner, carrier, trackingNo: input.trackingNo, orderShipped: orderStatus === 'shipped' },
      },
    );
    await recordOrderEvent(tx, order, 'order.shipped');
    return { outcome: 'shipped' as const, orderNo: order.orderNo, orderStatus, package: parcel(box) };
  });
}

export type CorrectionResult = Omit<ShipResult, 'outcome'> & { outcome: 'corrected' | 'already_shipped' };

/**
 * Corrects the carrier or tracking number of the caller's package (a typo is the usual
 * case), while the goods are still on their way: the order shipped or part-shipped, not
 * yet completed. The mall is told at once with order.shipped carrying the corrected
 * package; the audit row keeps what it was.
 */
export async function correctTracking(ctx: ShipCtx, input: ShipInput): Promise<CorrectionResult> {
  const owner = shipperOwner(ctx.actor);
  const carrier = carrierName(input);
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderToShip(tx, ctx.actor, input.orderNo);
    const [sent] = await tx.select().from(packages).where(and(eq(packages.orderId, order.id), ownedBy(packages.ownerSupplierId, owner)));
    if (!sent) throw invalidState('This package has not shipped yet: ship it instead', { orderNo: order.orderNo, status: order.status });
    if (order.status !== 'paid' && order.status !== 'shipped') {
      throw invalidState(`The order is ${order.status}: its tracking can no longer change`, { orderNo: order.orderNo, status: order.status });
    }
    if (sent.carrier === carrier && sent.trackingNo === input.trackingNo) {
      return { outcome: 'already_shipped' as const, orderNo: order.orderNo, orderStatus: order.status, package: parcel(sent) };
    }
    const [box] = await tx.update(packages).set({ carrier, trackingNo: input.trackingNo }).where(eq(packages.id, sent.id)).returning();
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'order.correct_tracking',
        entityType: 'order',
        entityId: order.orderNo,
        detail: { packageId: sent.id, before: { carrier: sent.carrier, trackingNo: sent.trackingNo }, after: { carrier, trackingNo: input.trackingNo } },
      },
    );
    await recordOrderEvent(tx, order, 'order.shipped');
    return { outcome: 'corrected' as const, orderNo: order.orderNo, orderStatus: order.status, package: parcel(box) };
  });
}

export type ShipmentRowResult = {
  line: number;
  orderNo: string;
  outcome: 'shipped' | 'already_shipped' | 'failed';
  orderStatus?: string;
  code?: string;
  field?: string;
  message?: string;
};

/**
 * Bulk shipping from a CSV (order number, carrier, tracking number), one slice of rows at
 * a time: each row is shipped on its own, in its own transaction, and answers for itself.
 * A bad row never stops the others, and a file sent twice ships nothing twice.
 */
export async function shipMany(ctx: ShipCtx, input: z.output<typeof shipManyInput>): Promise<ShipmentRowResult[]> {
  const results: ShipmentRowResult[] = [];
  for (const row of input.rows) {
    const orderNo = row.orderNo.trim();
    try {
      const carrier = parseCarrierText(row.carrier);
      if (!carrier) throw invalidRequest(`Unknown carrier "${row.carrier.trim()}": use one of the list, or 其他:名称`, { field: 'carrier', carrier: row.carrier.trim() });
      const parsed = shipInput.safeParse({ orderNo, ...carrier, trackingNo: row.trackingNo });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw invalidRequest(issue.message, { field: String(issue.path[0] ?? 'row') });
      }
      const shipped = await shipPackage(ctx, parsed.data);
      results.push({ line: row.line, orderNo, outcome: shipped.outcome, orderStatus: shipped.orderStatus });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ line: row.line, orderNo, outcome: 'failed', code: error.code, field: error.details?.field as string | undefined, message: error.message });
    }
  }
  return results;
}
