import { recordEarnings } from '../settlement/earnings';
import type { OrderCtx } from './access';
import type { MallOrder } from './mall-order';
import type { OrderRef } from './schemas';
import { runOrderStep, setOrderStatus } from './step';

/**
 * The mall's user received the goods: shipped → completed, and each supplier item of the
 * order earns its supplier (settlement), in the same transaction.
 */
export function confirmReceipt(ctx: OrderCtx, ref: OrderRef): Promise<MallOrder> {
  return runOrderStep(ctx, ref, {
    action: 'order.confirm_receipt',
    done: ['completed'],
    from: ['shipped'],
    event: 'order.completed',
    async apply(tx, order) {
      const completedAt = new Date();
      await setOrderStatus(tx, order.id, 'completed', { completedAt });
      await recordEarnings(tx, order.id, completedAt);
    },
  });
}
