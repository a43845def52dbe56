import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { products } from '@/server/db/schema';
import { bumpVersion, recordProductEvents } from '../catalog/product-events';
import { DomainError, notFound } from '../errors';
import { recordStockMovements, type StockMovementCause } from './movements';

/**
 * The rules of the one shared stock number that are not about orders:
 * - stock never goes below zero (a conditional UPDATE, with products_stock_nonnegative behind it);
 * - a `sold_out` product that gets stock again (a restock, or stock returned by a cancelled,
 *   expired or refunded order) goes back `on_sale`;
 * - a product an order could not be served from becomes `sold_out` (the listing is withdrawn).
 * Each change bumps the version, writes the stock record (movements.ts) and tells the
 * malls, in the caller's transaction.
 */

export type StockChange = { productId: number; stock: number; status: (typeof products.$inferSelect)['status']; version: number };

/**
 * Adds `delta` (may be negative) to a product's stock, for `cause` (staff adjusting it, an
 * order giving it back). Refused with INVALID_REQUEST when it would go below zero.
 * Restocking a sold-out product puts it back on sale.
 */
export async function changeStock(tx: Tx, productId: number, delta: number, cause: StockMovementCause): Promise<StockChange> {
  if (!Number.isSafeInteger(delta)) throw new DomainError('INVALID_REQUEST', 'Stock changes are whole numbers', { field: 'delta' });
  // One statement decides it: no read-then-write race with orders reserving the same stock.
  const [row] = await tx
    .update(products)
    .set({
      stock: sql`${products.stock} + ${delta}`,
      status: sql`CASE WHEN ${products.status} = 'sold_out' AND ${products.stock} + ${delta} > 0 THEN 'on_sale'::product_status ELSE ${products.status} END`,
      ...bumpVersion(),
    })
    .where(and(eq(products.id, productId), sql`${products.stock} + ${delta} >= 0`))
    .returning({ productId: products.id, stock: products.stock, status: products.status, version: products.version });
  if (!row) {
    const [exists] = await tx.select({ stock: products.stock }).from(products).where(eq(products.id, productId));
    if (!exists) throw notFound('Product');
    throw new DomainError('INVALID_REQUEST', `Stock cannot go below zero (it is ${exists.stock})`, { field: 'delta', stock: exists.stock });
  }
  await recordStockMovements(tx, [{ productId, delta, cause }]);
  await recordProductEvents(tx, [productId], 'stock');
  return row;
}

/**
 * Sets a product's stock to an absolute number (a supplier or staff keeping stock up to date).
 * Restocking a sold-out product puts it back on sale. The row is locked before the stock it
 * replaces is read, so the movement recorded is exactly the change, even while orders are
 * reserving the same product.
 */
export async function setStock(tx: Tx, productId: number, stock: number, cause: StockMovementCause): Promise<StockChange> {
  if (!Number.isSafeInteger(stock) || stock < 0) throw new DomainError('INVALID_REQUEST', 'Stock must be a whole number ≥ 0', { field: 'stock' });
  // FOR NO KEY UPDATE, as everywhere a product row is locked: the lock a plain UPDATE takes,
  // so it still queues behind orders reserving the row. FOR UPDATE would also conflict with
  // the FOR KEY SHARE every insert referencing the product takes (order lines, stock
  // movements, visibility grants). An order writes its lines, in the mall's order, before it
  // reserves: with FOR UPDATE, staff locking x then y and an order whose lines name y then x
  // deadlock (tests/orders/races.test.ts). Products are never deleted and their id never
  // changes, so the weaker lock loses nothing.
  const [before] = await tx.select({ stock: products.stock }).from(products).where(eq(products.id, productId)).for('no key update');
  if (!before) throw notFound('Product');
  const [row] = await tx
    .update(products)
    .set({
      stock,
      status: sql`CASE WHEN ${products.status} = 'sold_out' AND ${stock} > 0 THEN 'on_sale'::product_status ELSE ${products.status} END`,
      ...bumpVersion(),
    })
    .where(eq(products.id, productId))
    .returning({ productId: products.id, stock: products.stock, status: products.status, version: products.version });
  await recordStockMovements(tx, [{ productId, delta: stock - before.stock, cause }]);
  await recordProductEvents(tx, [productId], 'stock');
  return row;
}

/**
 * Withdraws on-sale products an order could not be served from: they become `sold_out`
 * and malls are told at once. Returns the ids that changed.
 */
export async function markSoldOut(tx: Tx, productIds: number[]): Promise<number[]> {
  if (productIds.length === 0) return [];
  const changed = await tx
    .update(products)
    .set({ status: 'sold_out', ...bumpVersion() })
    .where(and(inArray(products.id, productIds), eq(products.status, 'on_sale')))
    .returning({ id: products.id });
  const ids = changed.map((r) => r.id);
  await recordProductEvents(tx, ids, 'status');
  return ids;
}
