import { and, eq, inArray, sql } from 'drizzle-orm';
import { lineAmount } from '@/lib/money';
import { distributors, orderItems, orders, supplierEarnings, users } from '@/server/db/schema';
import { casesOfOrder } from '../after-sales/cases';
import type { DistributorCtx, StaffCtx, SupplierCtx } from '../context';
import { notFound } from '../errors';
import { itemsAndPackages, visibleOrders, type PortalCtx } from './list';
import { orderTimeline } from './timeline';

/**
 * One order's page in each portal: its items grouped by who ships them, each group's
 * package, the receiver, what can be done next, and the timeline. A supplier or a
 * distributor asking for an order that is not theirs gets NOT_FOUND.
 */

async function findVisibleOrder(ctx: PortalCtx, orderNo: string) {
  const [row] = await ctx.db
    .select({ order: orders, distributorCode: distributors.code, distributorName: distributors.name })
    .from(orders)
    .innerJoin(distributors, eq(distributors.id, orders.distributorId))
    .where(and(eq(orders.orderNo, orderNo), visibleOrders(ctx)));
  if (!row) throw notFound('Order', { orderNo });
  return row;
}

/** The order's items grouped by owner (the platform first), each with its package. */
async function shipments(ctx: PortalCtx, orderId: number) {
  const loaded = await itemsAndPackages(ctx, [orderId]);
  const shipperIds = loaded.boxes.flatMap((b) => (b.shippedByUserId === null ? [] : [b.shippedByUserId]));
  const shippers = shipperIds.length ? await ctx.db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, shipperIds)) : [];
  const owners = [...new Set(loaded.items.map((i) => i.item.ownerSupplierId))].sort((a, b) => (a ?? 0) - (b ?? 0));
  return owners.map((owner) => {
    const items = loaded.items.filter((i) => i.item.ownerSupplierId === owner);
    const box = loaded.boxes.find((b) => b.ownerSupplierId === owner);
    return {
      owner: owner === null ? ({ kind: 'platform' } as const) : ({ kind: 'supplier', id: owner, name: items[0].supplierName ?? '' } as const),
      items: items.map((i) => i.item),
      package: box ? { carrier: box.carrier, trackingNo: box.trackingNo, shippedAt: box.shippedAt, shippedBy: shippers.find((u) => u.id === box.shippedByUserId)?.username ?? null } : null,
    };
  });
}

const header = (o: typeof orders.$inferSelect) => ({
  orderNo: o.orderNo,
  status: o.status,
  createdAt: o.createdAt,
  expiresAt: o.expiresAt,
  paidAt: o.paidAt,
  shippedAt: o.shippedAt,
  completedAt: o.completedAt,
  cancelledAt: o.cancelledAt,
  refundedAt: o.refundedAt,
  refundReason: o.refundReason,
  remark: o.remark,
  receiver: o.receiver,
});

/** Money and packages as the distributor and staff see them. */
async function fullDetail(ctx: StaffCtx | DistributorCtx, orderNo: string) {
  const { order, distributorCode, distributorName } = await findVisibleOrder(ctx, orderNo);
  const [groups, cases, timeline] = await Promise.all([shipments(ctx, order.id), casesOfOrder(ctx, order.id), orderTimeline(ctx, order)]);
  const anyShipped = groups.some((g) => g.package);
  return {
    order,
    distributor: { id: order.distributorId, code: distributorCode, name: distributorName },
    groups,
    cases,
    timeline,
    canRefund: order.status === 'paid' && !anyShipped,
    // A test order has no after-sales (domain/sandbox: nothing live was sold).
    canOpenCase: anyShipped && ['paid', 'shipped', 'completed'].includes(order.status) && !order.sandbox,
    // …and is shipped by the distributor itself, as a simulation (domain/sandbox/ship.ts).
    canSimulateShipment: order.sandbox && order.status === 'paid',
  };
}

const money = (o: typeof orders.$inferSelect) => ({ mallOrderNo: o.mallOrderNo, goodsAmount: o.goodsAmount, freight: o.freight, totalAmount: o.totalAmount });
const pricedItem = (i: { productId: number; skuCode: string; title: string; quantity: number; unitPrice: number; amount: number; freight: number }) => ({
  productId: i.productId,
  skuCode: i.skuCode,
  title: i.title,
  quantity: i.quantity,
  unitPrice: i.unitPrice,
  amount: i.amount,
  freight: i.freight,
});

/** Staff: everything, with who ships each group and whether the platform's package is theirs to send. */
export async function staffOrderDetail(ctx: StaffCtx, input: { orderNo: string }) {
  const d = await fullDetail(ctx, input.orderNo);
  const platform = d.groups.find((g) => g.owner.kind === 'platform');
  return {
    ...header(d.order),
    ...money(d.order),
    distributor: d.distributor,
    groups: d.groups.map((g) => ({ ...g, items: g.items.map((i) => ({ ...pricedItem(i), costPrice: i.costPrice })) })),
    cases: d.cases,
    timeline: d.timeline,
    canRefund: d.canRefund,
    canShip: d.order.status === 'paid' && !!platform && !platform.package,
  };
}

/**
 * A distributor: its order, its money, its packages (numbered, not named: which supplier
 * ships is the platform's business), its after-sales cases.
 */
export async function distributorOrderDetail(ctx: DistributorCtx, input: { orderNo: string }) {
  const d = await fullDetail(ctx, input.orderNo);
  return {
    ...header(d.order),
    ...money(d.order),
    groups: d.groups.map((g) => ({ package: g.package && { ...g.package, shippedBy: null }, items: g.items.map(pricedItem) })),
    cases: d.cases.map((c) => ({ ...c, createdBy: null, distributorCode: null, distributorName: null })),
    timeline: d.timeline,
    canRefund: d.canRefund,
    canOpenCase: d.canOpenCase,
    canSimulateShipment: d.canSimulateShipment,
  };
}

/**
 * A supplier: its items of the order (at its supply price), its package, and the receiver
 * it ships to. Whether the order was refunded or cancelled is shown, read-only.
 */
export async function supplierOrderDetail(ctx: SupplierCtx, input: { orderNo: string }) {
  const { order } = await findVisibleOrder(ctx, input.orderNo);
  const [groups, timeline, [earned]] = await Promise.all([
    shipments(ctx, order.id),
    orderTimeline(ctx, order),
    // What completing the order recorded for this supplier (settlement), if it has completed.
    ctx.db
      .select({ amount: sql<string | null>`sum(${supplierEarnings.amount} + ${supplierEarnings.freight})::text` })
      .from(supplierEarnings)
      .innerJoin(orderItems, eq(orderItems.id, supplierEarnings.orderItemId))
      .where(and(eq(orderItems.orderId, order.id), eq(supplierEarnings.supplierId, ctx.actor.supplierId))),
  ]);
  const mine = groups.find((g) => g.owner.kind === 'supplier' && g.owner.id === ctx.actor.supplierId);
  if (!mine) throw notFound('Order', { orderNo: input.orderNo });
  return {
    ...header(order),
    items: mine.items.map((i) => ({ skuCode: i.skuCode, title: i.title, quantity: i.quantity, supplyPrice: i.costPrice, amount: lineAmount(i.costPrice, i.quantity), freight: i.freight })),
    myPackage: mine.package && { carrier: mine.package.carrier, trackingNo: mine.package.trackingNo, shippedAt: mine.package.shippedAt },
    earned: earned.amount === null ? null : Number(earned.amount),
    timeline,
    canShip: order.status === 'paid' && !mine.package,
  };
}
