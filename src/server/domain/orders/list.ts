import { and, asc, count, eq, exists, gte, ilike, inArray, not, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { containsPattern } from '@/server/db/like';
import { distributors, orderItems, orders, packages, suppliers } from '@/server/db/schema';
import type { DistributorCtx, StaffCtx, SupplierCtx } from '../context';
import { businessDay, countsPerDay, dayStartAt, recentDays, startOfRecentDays } from '../calendar';
import { pageOf, sortedBy } from '../paging';
import { ORDER_STATUSES, type ListOrdersInput, type ordersPerDayInput } from './schemas';
import { ownedBy } from './ship';

/**
 * The order lists of the three portals. Staff see every order; a distributor its own; a
 * supplier only orders holding items of its own, and of those only its items and its
 * package (never the distributor, nor what the distributor paid).
 */

export type PortalCtx = StaffCtx | SupplierCtx | DistributorCtx;
type OrderRow = typeof orders.$inferSelect;

/** The orders a portal user may see at all. */
export function visibleOrders(ctx: PortalCtx): SQL | undefined {
  switch (ctx.actor.kind) {
    case 'staff':
      return undefined;
    case 'distributor':
      return eq(orders.distributorId, ctx.actor.distributorId);
    case 'supplier':
      // Test orders (domain/sandbox) are never a supplier's business.
      return and(eq(orders.sandbox, false), exists(ctx.db.select({ one: sql`1` }).from(orderItems).where(and(eq(orderItems.orderId, orders.id), eq(orderItems.ownerSupplierId, ctx.actor.supplierId)))));
  }
}

/** The items of an order a portal user may see: a supplier only its own. */
export function visibleItems(ctx: PortalCtx): SQL | undefined {
  return ctx.actor.kind === 'supplier' ? eq(orderItems.ownerSupplierId, ctx.actor.supplierId) : undefined;
}

/** The list's filters as one condition on `orders` (the caller's own orders only); exports use them too. */
export function listFilters(ctx: PortalCtx, input: Omit<ListOrdersInput, 'page' | 'pageSize' | 'sort' | 'dir'>): SQL | undefined {
  const where: (SQL | undefined)[] = [visibleOrders(ctx)];
  if (input.status) where.push(eq(orders.status, input.status));
  if (input.from) where.push(sql`${orders.createdAt} >= ${dayStartAt(input.from)}`);
  if (input.to) where.push(sql`${orders.createdAt} < ${dayStartAt(input.to, 1)}`);
  if (input.orderNo) where.push(eq(orders.orderNo, input.orderNo));
  // A supplier has no business with the mall's own numbering.
  if (input.mallOrderNo && ctx.actor.kind !== 'supplier') where.push(eq(orders.mallOrderNo, input.mallOrderNo));
  if (input.distributorId && ctx.actor.kind === 'staff') where.push(eq(orders.distributorId, input.distributorId));
  if (input.product) {
    const like = containsPattern(input.product);
    where.push(
      exists(
        ctx.db
          .select({ one: sql`1` })
          .from(orderItems)
          .where(and(eq(orderItems.orderId, orders.id), visibleItems(ctx), or(ilike(orderItems.skuCode, like), ilike(orderItems.title, like)))),
      ),
    );
  }
  if (input.toShip) where.push(awaitingShipment(ctx));
  return and(...where);
}

/**
 * Paid, with the caller's package still to send: a supplier's own, the platform's for
 * staff (on orders that have platform items); for a distributor, any package.
 */
function awaitingShipment(ctx: PortalCtx): SQL {
  const paid = eq(orders.status, 'paid');
  if (ctx.actor.kind === 'distributor') return paid;
  const owner = ctx.actor.kind === 'supplier' ? ctx.actor.supplierId : null;
  const hasItems = exists(ctx.db.select({ one: sql`1` }).from(orderItems).where(and(eq(orderItems.orderId, orders.id), ownedBy(orderItems.ownerSupplierId, owner))));
  const sent = exists(ctx.db.select({ one: sql`1` }).from(packages).where(and(eq(packages.orderId, orders.id), ownedBy(packages.ownerSupplierId, owner))));
  return and(paid, eq(orders.sandbox, false), hasItems, not(sent))!;
}

/** A list's input; the domain's own callers may leave the order to the default (newest first). */
type OrderListQuery = Omit<ListOrdersInput, 'sort' | 'dir'> & Partial<Pick<ListOrdersInput, 'sort' | 'dir'>>;

/** One page of orders in the order asked (newest first by default), with the items and packages the caller may see. */
async function orderPage(ctx: PortalCtx, input: OrderListQuery) {
  const where = listFilters(ctx, input);
  // A supplier is not shown what the distributor paid for the whole order: it cannot sort by it either.
  const by = input.sort === 'totalAmount' && ctx.actor.kind !== 'supplier' ? orders.totalAmount : orders.createdAt;
  const query = ctx.db
    .select({ order: orders, distributorCode: distributors.code, distributorName: distributors.name })
    .from(orders)
    .innerJoin(distributors, eq(distributors.id, orders.distributorId))
    .where(where)
    .orderBy(...sortedBy(by, orders.id, input.dir ?? 'desc'))
    .$dynamic();
  const page = await pageOf(ctx.db, input, query, orders, where);
  const { items, boxes } = await itemsAndPackages(ctx, page.rows.map((r) => r.order.id));
  return { ...page, items, boxes };
}

/** The items (with their owner's name) and packages of some orders, as far as the caller may see them. */
export async function itemsAndPackages(ctx: PortalCtx, orderIds: number[]) {
  if (orderIds.length === 0) return { items: [], boxes: [] };
  const owner = ctx.actor.kind === 'supplier' ? ctx.actor.supplierId : undefined;
  const [items, boxes] = await Promise.all([
    ctx.db
      .select({ item: orderItems, supplierName: suppliers.name })
      .from(orderItems)
      .leftJoin(suppliers, eq(suppliers.id, orderItems.ownerSupplierId))
      .where(and(inArray(orderItems.orderId, orderIds), visibleItems(ctx)))
      .orderBy(asc(orderItems.id)),
    ctx.db
      .select()
      .from(packages)
      .where(and(inArray(packages.orderId, orderIds), owner === undefined ? undefined : eq(packages.ownerSupplierId, owner)))
      .orderBy(asc(packages.id)),
  ]);
  return { items, boxes };
}

type Loaded = Awaited<ReturnType<typeof itemsAndPackages>>;

/** How far an order's shipping has come: packages sent of packages to send (one per owner). */
export function shippingProgress(orderId: number, loaded: Loaded) {
  const owners = new Set(loaded.items.filter((i) => i.item.orderId === orderId).map((i) => i.item.ownerSupplierId ?? 0));
  return { packages: owners.size, shipped: loaded.boxes.filter((b) => b.orderId === orderId).length };
}

const times = (o: OrderRow) => ({
  createdAt: o.createdAt,
  paidAt: o.paidAt,
  shippedAt: o.shippedAt,
  completedAt: o.completedAt,
  refundedAt: o.refundedAt,
  cancelledAt: o.cancelledAt,
});

type Page = Awaited<ReturnType<typeof orderPage>>;
type PageRow = Page['rows'][number];
type PageItem = Page['items'][number];

/** The page as the portal shows it: each order through `present`, with its own items. */
function presentPage<T>(page: Page, present: (row: PageRow, items: PageItem[]) => T) {
  return {
    total: page.total,
    page: page.page,
    pageSize: page.pageSize,
    rows: page.rows.map((row) => present(row, page.items.filter((i) => i.item.orderId === row.order.id))),
  };
}

/** The columns staff's and the distributor's lists share. */
const summary = (order: OrderRow, page: Page) => ({
  orderNo: order.orderNo,
  mallOrderNo: order.mallOrderNo,
  status: order.status,
  totalAmount: order.totalAmount,
  /** Made in test mode: the portals mark it, since it moved no live stock or money. */
  sandbox: order.sandbox,
  receiverName: order.receiver.name,
  shipping: shippingProgress(order.id, page),
  ...times(order),
});

/** Staff: every order, with its distributor, amounts and who ships what. */
export async function listStaffOrders(ctx: StaffCtx, input: OrderListQuery) {
  const page = await orderPage(ctx, input);
  return presentPage(page, ({ order, distributorCode, distributorName }, items) => ({
    ...summary(order, page),
    distributor: { id: order.distributorId, code: distributorCode, name: distributorName },
    items: items.map(({ item, supplierName }) => ({ skuCode: item.skuCode, title: item.title, quantity: item.quantity, owner: supplierName })),
  }));
}

/** A distributor: its own orders, with what it paid. */
export async function listDistributorOrders(ctx: DistributorCtx, input: OrderListQuery) {
  const page = await orderPage(ctx, input);
  return presentPage(page, ({ order }, items) => ({
    ...summary(order, page),
    items: items.map(({ item }) => ({ skuCode: item.skuCode, title: item.title, quantity: item.quantity, unitPrice: item.unitPrice, amount: item.amount })),
  }));
}

/**
 * A supplier: orders holding its items, showing only those items (at its own supply
 * price: what it earns), its package, and where the goods go.
 */
export async function listSupplierOrders(ctx: SupplierCtx, input: OrderListQuery) {
  const page = await orderPage(ctx, input);
  return presentPage(page, ({ order }, items) => {
    const box = page.boxes.find((b) => b.orderId === order.id);
    return {
      orderNo: order.orderNo,
      status: order.status,
      receiver: { name: order.receiver.name, province: order.receiver.province, city: order.receiver.city },
      items: items.map(({ item }) => ({ skuCode: item.skuCode, title: item.title, quantity: item.quantity, supplyPrice: item.costPrice })),
      myPackage: box ? { carrier: box.carrier, trackingNo: box.trackingNo, shippedAt: box.shippedAt } : null,
      createdAt: order.createdAt,
      paidAt: order.paidAt,
      refundedAt: order.refundedAt,
    };
  });
}

/**
 * Orders created on each of the last `days` days (China's calendar), by their status now:
 * the chart above each portal's list. A supplier counts the orders holding its items.
 */
export async function ordersPerDay(ctx: PortalCtx, input: z.output<typeof ordersPerDayInput>) {
  const day = businessDay(orders.createdAt);
  const [rows, days] = await Promise.all([
    ctx.db
      .select({ day, key: orders.status, n: count() })
      .from(orders)
      .where(and(visibleOrders(ctx), gte(orders.createdAt, startOfRecentDays(input.days))))
      .groupBy(day, orders.status),
    recentDays(ctx.db, input.days),
  ]);
  return countsPerDay(days, ORDER_STATUSES, rows);
}

/** The count of orders awaiting the caller's shipment (a badge on the supplier's and staff's lists). */
export async function countToShip(ctx: StaffCtx | SupplierCtx): Promise<number> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(orders).where(and(visibleOrders(ctx), awaitingShipment(ctx)));
  return n;
}

