import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';

/**
 * When an order completes, each of its supplier items earns the supplier its supply price
 * (the platform's cost price, snapshotted on the item) × quantity, plus the item's freight.
 * Platform items earn no one. Called inside the completing transaction; the unique
 * order_item_id makes a repeated completion record nothing twice. After-sales after
 * shipping do not reduce it (docs/product.md "Supplier settlement").
 */
export async function recordEarnings(tx: Tx, orderId: number, completedAt: Date): Promise<number> {
  const rows = await tx.execute(sql`
    INSERT INTO supplier_earnings (supplier_id, order_item_id, amount, freight, earned_at)
    SELECT owner_supplier_id, id, cost_price * quantity, freight, ${completedAt.toISOString()}::timestamptz
    FROM order_items
    WHERE order_id = ${orderId} AND owner_supplier_id IS NOT NULL
    ON CONFLICT (order_item_id) DO NOTHING
    RETURNING id`);
  return rows.length;
}
