import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { orderItems, type orders } from '@/server/db/schema';
import { changeStock } from '../inventory/stock-rules';
import { moveSandboxBalance, releaseSandboxStock } from '../sandbox/orders';
import { postLedgerEntry } from '../wallet/ledger';

/**
 * The parts of an order's unwinding that several steps share (cancel, expire, refund by
 * the mall, the distributor or staff). Each runs inside the caller's transaction, on an
 * order row the caller has locked.
 */

type OrderRow = typeof orders.$inferSelect;

/** The ledger reference of an order's debit and of its refund: one of each, ever. */
export const orderLedgerRef = (orderNo: string) => `order:${orderNo}`;

/**
 * Puts the order's reserved stock back on the shelf, product by product in id order
 * (the order every stock change locks products in, so two releases never deadlock).
 * changeStock puts a sold-out product back on sale, records the return (once per order
 * and product: stock_movements_return_key) and tells the malls.
 */
export async function releaseOrderStock(tx: Tx, order: Pick<OrderRow, 'id' | 'distributorId' | 'sandbox'>): Promise<void> {
  // A test order returns to the distributor's copy of the stock, never the live shelf (domain/sandbox).
  if (order.sandbox) return releaseSandboxStock(tx, order);
  const orderId = order.id;
  const lines = await tx
    .select({ productId: orderItems.productId, quantity: sql<number>`sum(${orderItems.quantity})::int` })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .groupBy(orderItems.productId)
    .orderBy(asc(orderItems.productId));
  for (const line of lines) await changeStock(tx, line.productId, line.quantity, { kind: 'returned', orderId });
}

/**
 * Credits back what the order's payment debited (refund_credit, same reference as the
 * debit). Unique per (kind, ref), so a repeated or raced refund credits once.
 */
export async function refundOrderBalance(tx: Tx, order: Pick<OrderRow, 'distributorId' | 'orderNo' | 'totalAmount' | 'sandbox'>, note: string, createdByUserId: number | null = null) {
  if (order.totalAmount === 0) return;
  const credit = { distributorId: order.distributorId, kind: 'refund_credit' as const, amount: order.totalAmount, ref: orderLedgerRef(order.orderNo) };
  if (order.sandbox) return moveSandboxBalance(tx, credit);
  await postLedgerEntry(tx, { ...credit, note, createdByUserId });
}
