import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import type { Order } from '@/mall-client/types';
import { orderItems, orders, packages } from '@/server/db/schema';

type OrderRow = typeof orders.$inferSelect;
export type OrderStatus = OrderRow['status'];

/** An order as a mall sees it (docs/open-api.md "Order"), the wire shape of the mall client; also the data of the order.* events. */
export type MallOrder = Order;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Serialises orders (with their items and packages) for malls, in a few queries for any number. */
export async function loadMallOrders(db: DbOrTx, orderIds: number[]): Promise<Map<number, MallOrder>> {
  const out = new Map<number, MallOrder>();
  if (orderIds.length === 0) return out;
  const [rows, items, boxes] = await Promise.all([
    db.select().from(orders).where(inArray(orders.id, orderIds)),
    db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).orderBy(asc(orderItems.id)),
    db.select().from(packages).where(inArray(packages.orderId, orderIds)).orderBy(asc(packages.id)),
  ]);
  for (const order of rows) out.set(order.id, toMallOrder(order, items.filter((i) => i.orderId === order.id), boxes.filter((p) => p.orderId === order.id)));
  return out;
}

export async function loadMallOrder(db: DbOrTx, orderId: number): Promise<MallOrder> {
  const order = (await loadMallOrders(db, [orderId])).get(orderId);
  if (!order) throw new Error(`Order ${orderId} vanished while being read`);
  return order;
}

type ItemRow = Pick<typeof orderItems.$inferSelect, 'productId' | 'skuCode' | 'title' | 'quantity' | 'unitPrice' | 'amount' | 'packageId'>;
type PackageRow = Pick<typeof packages.$inferSelect, 'id' | 'carrier' | 'trackingNo' | 'shippedAt'>;

export function toMallOrder(
  order: Pick<OrderRow, 'orderNo' | 'mallOrderNo' | 'status' | 'totalAmount' | 'freight' | 'receiver' | 'createdAt' | 'expiresAt' | 'paidAt' | 'completedAt'>,
  items: ItemRow[], boxes: PackageRow[]): MallOrder {
  return {
    orderNo: order.orderNo,
    mallOrderNo: order.mallOrderNo,
    status: order.status,
    items: items.map((i) => ({ productId: i.productId, skuCode: i.skuCode, title: i.title, quantity: i.quantity, unitPrice: i.unitPrice, amount: i.amount })),
    totalAmount: order.totalAmount,
    freight: order.freight,
    receiver: order.receiver,
    packages: boxes.map((p) => ({
      carrier: p.carrier,
      trackingNo: p.trackingNo,
      shippedAt: p.shippedAt.toISOString(),
      items: items.filter((i) => i.packageId === p.id).map((i) => ({ productId: i.productId, skuCode: i.skuCode, quantity: i.quantity })),
    })),
    createdAt: order.createdAt.toISOString(),
    expiresAt: order.expiresAt.toISOString(),
    paidAt: iso(order.paidAt),
    completedAt: iso(order.completedAt),
  };
}
