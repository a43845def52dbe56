import type { z } from 'zod';
import { changeStock } from '../inventory/stock-rules';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import type { adjustStockInput } from './schemas';
import { inTransaction } from './tx';

/**
 * Staff add to or take from a product's stock, with a reason kept in the audit log. Goes
 * through changeStock: never below zero, and a sold-out product that gets stock is on
 * sale again; malls hear of it in the same transaction.
 */
export async function adjustStock(ctx: StaffCtx, input: z.output<typeof adjustStockInput>) {
  return inTransaction(ctx, async (tx) => {
    const change = await changeStock(tx.db, input.id, input.delta, { kind: 'adjusted', userId: ctx.actor.userId });
    await recordAudit(tx, {
      action: 'product.stock_adjust',
      entityType: 'product',
      entityId: input.id,
      detail: { delta: input.delta, reason: input.reason, from: change.stock - input.delta, to: change.stock },
    });
    return change;
  });
}
