import { eq, sql } from 'drizzle-orm';
import { packages } from '@/server/db/schema';
import { actorUserId } from '../context';
import { invalidState } from '../errors';
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
 *
 * An order of several owners stays `paid` until its last package ships: once any package
 * has left, the order is past refunding too. Shipping locks the same order row, so a
 * refund racing a shipment sees the package (or the shipment sees the refund).
 */
export function refundOrder(ctx: OrderCtx, ref: OrderRef, input: { reason: string }): Promise<MallOrder> {
  return runOrderStep(ctx, ref, {
    action: 'order.refund',
    done: ['refunded'],
    from: ['paid'],
    event: 'order.refunded',
    detail: { reason: input.reason, initiatedBy: ctx.actor.kind },
    async apply(tx, order) {
      const [shipped] = await tx.select({ id: packages.id }).from(packages).where(eq(packages.orderId, order.id)).limit(1);
      if (shipped) {
        throw invalidState('Part of this order has shipped: it can no longer be refunded (record an after-sales case instead)', {
          orderNo: order.orderNo,
          status: order.status,
          partlyShipped: true,
        });
      }
      await setOrderStatus(tx, order.id, 'refunded', { refundedAt: sql`now()`, refundReason: input.reason });
      await refundOrderBalance(tx, order, `退款 ${order.orderNo}：${input.reason}`, actorUserId(ctx.actor));
      await releaseOrderStock(tx, order);
    },
  });
}
