import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, uniqueIndex } from 'drizzle-orm/pg-core';
import { stockMovementKind } from './enums';
import { products } from './catalog';
import { orders } from './orders';
import { users } from './users';
import { createdAt } from './types';

/**
 * The stock record (append-only, like the ledger: a trigger refuses UPDATE and DELETE).
 * Every change of a product's stock writes one row in the transaction of the change,
 * except an order's reservation, whose record is the order's lines (order_items: product
 * and quantity, written in the reserving transaction): the order hot path writes nothing
 * more. So for every product
 *   stock = Σ delta − Σ quantity of its order lines,
 * and, since each cancelled, expired or refunded order returns each of its products once
 * (`returned`, unique per order and product),
 *   stocked (Σ delta of every kind but `returned`) = stock + quantity held by live orders.
 * `npm run check` (domain/invariants) verifies both.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    kind: stockMovementKind('kind').notNull(),
    /** Signed: positive puts stock in, negative takes it out. */
    delta: integer('delta').notNull(),
    /** The order that gave the stock back (`returned` only). */
    orderId: bigint('order_id', { mode: 'number' }).references(() => orders.id),
    /** Who changed it by hand (staff or a supplier's login); null for the system, seeds and returns. */
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('stock_movements_delta_nonzero', sql`${t.delta} <> 0`),
    check('stock_movements_return', sql`(${t.kind} = 'returned') = (${t.orderId} IS NOT NULL) AND (${t.kind} <> 'returned' OR ${t.delta} > 0)`),
    // An order gives each of its products back once, whatever retries or races happen.
    uniqueIndex('stock_movements_return_key').on(t.orderId, t.productId).where(sql`${t.kind} = 'returned'`),
    index('stock_movements_product_idx').on(t.productId, t.id),
  ],
);
