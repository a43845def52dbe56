import type { Tx } from '@/server/db/client';
import type { orders } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { Ctx } from '../context';
import { lockOrder, type OrderActor } from './access';
import { recordOrderEvent } from './order-events';
import { releaseOrderStock } from './release';
import { setOrderStatus } from './step';

type OrderRow = typeof orders.$inferSelect;

/**
 * Expires an unpaid order whose payment deadline passed, on a row the caller locked:
 * the stock goes back, the mall hears order.expired. Shared by pay (a payment that
 * arrives too late) and the expiry job (issue 6).
 */
export async function expireLockedOrder(tx: Tx, ctx: Ctx, order: OrderRow): Promise<void> {
  await setOrderStatus(tx, order.id, 'expired');
  await releaseOrderStock(tx, order.id);
  await recordAudit({ ...ctx, db: tx }, { action: 'order.expire', entityType: 'order', entityId: order.orderNo, detail: { expiresAt: order.expiresAt.toISOString() } });
  await recordOrderEvent(tx, order, 'order.expired');
}

/**
 * For the expiry job: expires the order if it is still unpaid and past its deadline.
 * Safe to run twice at once (the row lock makes the second see `expired` and skip).
 */
export async function expireOrder(ctx: Ctx<OrderActor>, ref: { orderNo: string }, now = new Date()): Promise<'expired' | 'skipped'> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx.actor, ref);
    if (order.status !== 'pending_payment' || order.expiresAt > now) return 'skipped';
    await expireLockedOrder(tx, ctx, order);
    return 'expired';
  });
}
