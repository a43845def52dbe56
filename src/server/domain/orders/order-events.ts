import type { Tx } from '@/server/db/client';
import { recordEvents } from '../events/outbox';
import { loadMallOrder, type MallOrder } from './mall-order';

export type OrderEventType = 'order.shipped' | 'order.completed' | 'order.cancelled' | 'order.expired' | 'order.refunded';

/**
 * Tells the order's mall about a step, inside the step's transaction: the event carries
 * the order as it is after the step (for order.shipped, with the new package). Returns
 * that order, so the step can answer with it.
 */
export async function recordOrderEvent(tx: Tx, order: { id: number; distributorId: number }, type: OrderEventType): Promise<MallOrder> {
  const mallOrder = await loadMallOrder(tx, order.id);
  await recordEvents(tx, [{ distributorId: order.distributorId, type, data: mallOrder }]);
  return mallOrder;
}
