import type { Tx } from '@/server/db/client';
import type { orders } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { Ctx } from '../context';
import { recordOrderEvent } from './order-events';
import { releaseOrderStock } from './release';
import { setOrderStatus } from './step';

type OrderRow = typeof orders.$inferSelect;

/**
 * Expires an unpaid order whose payment deadline passed, on a row the caller locked:
 * the stock goes back, the mall hears order.expired. Shared by pay (a payment that
 * arrives too late) and the expiry sweep (sweeps.ts).
 */
export async function expireLockedOrder(tx: Tx, ctx: Ctx, order: OrderRow): Promise<void> {
  await setOrderStatus(tx, order.id, 'expired');
  await releaseOrderStock(tx, order);
  await recordAudit({ ...ctx, db: tx }, { action: 'order.expire', entityType: 'order', entityId: order.orderNo, detail: { expiresAt: order.expiresAt.toISOString() } });
  await recordOrderEvent(tx, order, 'order.expired');
}
