import { sql } from 'drizzle-orm';
import type { OrderCtx } from './access';
import type { MallOrder } from './mall-order';
import type { OrderRef } from './schemas';
import { runOrderStep, setOrderStatus } from './step';

/** The mall's user received the goods: shipped → completed. */
export function confirmReceipt(ctx: OrderCtx, ref: OrderRef): Promise<MallOrder> {
  return runOrderStep(ctx, ref, {
    action: 'order.confirm_receipt',
    done: ['completed'],
    from: ['shipped'],
    event: 'order.completed',
    async apply(tx, order) {
      await setOrderStatus(tx, order.id, 'completed', { completedAt: sql`now()` });
    },
  });
}
