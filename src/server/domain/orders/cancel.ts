import { sql } from 'drizzle-orm';
import type { OrderCtx } from './access';
import type { MallOrder } from './mall-order';
import { releaseOrderStock } from './release';
import type { OrderRef } from './schemas';
import { runOrderStep, setOrderStatus } from './step';

/** Cancels an unpaid order and puts its stock back. */
export function cancelOrder(ctx: OrderCtx, ref: OrderRef): Promise<MallOrder> {
  return runOrderStep(ctx, ref, {
    action: 'order.cancel',
    done: ['cancelled'],
    from: ['pending_payment'],
    event: 'order.cancelled',
    async apply(tx, order) {
      await setOrderStatus(tx, order.id, 'cancelled', { cancelledAt: sql`now()` });
      await releaseOrderStock(tx, order);
    },
  });
}
