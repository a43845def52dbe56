import { sql } from 'drizzle-orm';
import { actorUserId } from '../context';
import type { OrderCtx } from './access';
import type { MallOrder } from './mall-order';
import { refundOrderBalance, releaseOrderStock } from './release';
import type { OrderRef } from './schemas';
import { runOrderStep, setOrderStatus } from './step';

/**
 * Refunds a paid order before it ships: the balance is credited back and the stock
 * returned. The mall (or the distributor in its portal) calls it when it approves its
 * user's request; staff call it on their own initiative. After shipping, after-sales
 * happen in the mall and no balance comes back here: INVALID_STATE.
 */
export function refundOrder(ctx: OrderCtx, ref: OrderRef, input: { reason: string }): Promise<MallOrder> {
  return runOrderStep(ctx, ref, {
    action: 'order.refund',
    done: ['refunded'],
    from: ['paid'],
    event: 'order.refunded',
    detail: { reason: input.reason, initiatedBy: ctx.actor.kind },
    async apply(tx, order) {
      await setOrderStatus(tx, order.id, 'refunded', { refundedAt: sql`now()`, refundReason: input.reason });
      await refundOrderBalance(tx, order, `退款 ${order.orderNo}：${input.reason}`, actorUserId(ctx.actor));
      await releaseOrderStock(tx, order.id);
    },
  });
}
