import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { distributors } from './distributors';
import { products } from './catalog';
import { fen, updatedAt } from './types';

/**
 * Test mode (domain/sandbox): a sandbox distributor's own copy of a product's stock, made
 * from the live stock the first time the product is ordered in test mode. Its test orders
 * reserve from here, never from products.stock.
 */
export const sandboxStock = pgTable(
  'sandbox_stock',
  {
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    stock: integer('stock').notNull(),
  },
  (t) => [primaryKey({ columns: [t.distributorId, t.productId] }), check('sandbox_stock_nonnegative', sql`${t.stock} >= 0`)],
);

/** Test mode's balance: a copy of the live balance taken when test mode is switched on. Never a ledger entry. */
export const sandboxWallets = pgTable(
  'sandbox_wallets',
  {
    distributorId: integer('distributor_id')
      .primaryKey()
      .references(() => distributors.id, { onDelete: 'cascade' }),
    balance: fen('balance').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check('sandbox_wallets_nonnegative', sql`${t.balance} >= 0`)],
);
