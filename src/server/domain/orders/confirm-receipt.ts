import { recordEarnings } from '../settlement/earnings';
import type { OrderCtx } from './access';
import type { MallOrder } from './mall-order';
import type { OrderRef } from './schemas';
import { runOrderStep, setOrderStatus, type OrderStep } from './step';

/**
 * Completing a shipped order: shipped → completed, and each supplier item of the order
 * earns its supplier (settlement), in the same transaction. The one completion there is:
 * the mall confirming receipt and the auto-complete job both run this step, so both
 * record earnings, audit and tell the mall alike.
 */
export function completionStep(action: 'order.confirm_receipt' | 'order.auto_complete'): OrderStep {
  return {
    action,
    done: ['completed'],
    from: ['shipped'],
    event: 'order.completed',
    async apply(tx, order) {
      const completedAt = new Date();
      await setOrderStatus(tx, order.id, 'completed', { completedAt });
      await recordEarnings(tx, order.id, completedAt);
    },
  };
}

/** The mall's user received the goods. */
export function confirmReceipt(ctx: OrderCtx, ref: OrderRef): Promise<MallOrder> {
  return runOrderStep(ctx, ref, completionStep('order.confirm_receipt'));
}
