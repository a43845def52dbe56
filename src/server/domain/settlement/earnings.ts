import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';

/**
 * When an order completes, each of its supplier items earns the supplier its supply price
 * (the platform's cost price, snapshotted on the item) × quantity, plus the item's freight.
 * Platform items earn no one, nor do test-mode orders (domain/sandbox: no live goods left,
 * no live money came in). Called inside the completing transaction; the unique
 * order_item_id makes a repeated completion record nothing twice. After-sales after
 * shipping do not reduce it (docs/product.md "Supplier settlement").
 */
export async function recordEarnings(tx: Tx, orderId: number, completedAt: Date): Promise<number> {
  const rows = await tx.execute(sql`
    INSERT INTO supplier_earnings (supplier_id, order_item_id, amount, freight, earned_at)
    SELECT i.owner_supplier_id, i.id, i.cost_price * i.quantity, i.freight, ${completedAt.toISOString()}::timestamptz
    FROM order_items i JOIN orders o ON o.id = i.order_id
    WHERE i.order_id = ${orderId} AND i.owner_supplier_id IS NOT NULL AND NOT o.sandbox
    ON CONFLICT (order_item_id) DO NOTHING
    RETURNING id`);
  return rows.length;
}
