import type { DbOrTx } from '@/server/db/client';
import { stockMovements } from '@/server/db/schema';

export type StockMovementKind = (typeof stockMovements.$inferSelect)['kind'];

/** Why stock moved: by hand or an import (and who did it), or given back by an order. */
export type StockMovementCause =
  | { kind: Exclude<StockMovementKind, 'returned'>; userId: number | null }
  | { kind: 'returned'; orderId: number };

export type StockMovement = { productId: number; delta: number; cause: StockMovementCause };

/**
 * Writes the stock record of changes just made (schema/inventory.ts), in the caller's
 * transaction, after the UPDATE or INSERT that moved the stock. A change of zero is
 * nothing to record. An order's reservation is not written here: its lines are its record.
 */
export async function recordStockMovements(tx: DbOrTx, movements: StockMovement[]): Promise<void> {
  const rows = movements
    .filter((m) => m.delta !== 0)
    .map((m) => ({
      productId: m.productId,
      kind: m.cause.kind,
      delta: m.delta,
      orderId: m.cause.kind === 'returned' ? m.cause.orderId : null,
      createdByUserId: m.cause.kind === 'returned' ? null : m.cause.userId,
    }));
  if (rows.length) await tx.insert(stockMovements).values(rows);
}
