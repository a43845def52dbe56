import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '@/server/db/client';
import { distributorLevels, distributors, products } from '@/server/db/schema';
import { recordEvents, type NewEvent } from '../events/outbox';
import { toMallProduct } from './mall-product';
import { LISTED_STATUSES, offeredTo } from './visibility';

/**
 * Spread into the `.set()` of every UPDATE that changes something a mall can see: the
 * version grows and updated_at moves in the same statement, so catalog sync never misses
 * the change. clock_timestamp(), not now(): the time of the change, not of the
 * transaction's start.
 */
export const bumpVersion = () => ({
  version: sql`${products.version} + 1`,
  updatedAt: sql`clock_timestamp()`,
});

export type ProductChange =
  /** Anything about the listing (title, prices, images, visibility, …): product.updated. */
  | 'updated'
  /** Stock moved: product.stock_changed. */
  | 'stock'
  /** Status moved (on sale, sold out, withdrawn): product.status_changed. */
  | 'status';

/**
 * Tells malls about changed products, inside the transaction of the change (after the
 * UPDATE that bumped the version). Stock and status changes go to the distributors the
 * product is offered to. A listing update goes to every active distributor, because a
 * change of visibility must reach the ones that lost the product too: they receive it
 * with status `unavailable`. A stock change of a product no mall lists (a draft, one off
 * shelf) concerns no mall: its withdrawal was already announced.
 */
export async function recordProductEvents(
  tx: Tx,
  productIds: number[],
  change: ProductChange,
  /** Only these distributors (a change that concerns them alone, like their prices). */
  options: { distributorIds?: number[] } = {},
): Promise<void> {
  if (productIds.length === 0) return;
  const rows = await tx.select().from(products).where(inArray(products.id, productIds));
  const byId = new Map(rows.map((p) => [p.id, p]));
  // One query for every (product, distributor) pair, however many products changed at once.
  const audience = await tx
    .select({
      productId: products.id,
      distributorId: distributors.id,
      feeBps: distributorLevels.feeBps,
      offered: sql<boolean>`${offeredTo({ id: distributors.id, levelId: distributors.levelId })}`,
    })
    .from(distributors)
    .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
    .innerJoin(products, inArray(products.id, productIds))
    .where(and(eq(distributors.status, 'active'), options.distributorIds ? inArray(distributors.id, options.distributorIds) : undefined))
    .orderBy(products.id, distributors.id);
  const events: NewEvent[] = [];
  for (const d of audience) {
    if (change !== 'updated' && !d.offered) continue;
    const mall = toMallProduct(byId.get(d.productId)!, d.feeBps, d.offered);
    if (change === 'updated') events.push({ distributorId: d.distributorId, type: 'product.updated', data: mall });
    else if (change === 'stock') {
      if (mall.status === 'unavailable') continue;
      events.push({ distributorId: d.distributorId, type: 'product.stock_changed', data: { productId: mall.id, stock: mall.stock, status: mall.status, version: mall.version } });
    } else events.push({ distributorId: d.distributorId, type: 'product.status_changed', data: { productId: mall.id, status: mall.status, version: mall.version } });
  }
  // A bulk change can fan out to many events; PostgreSQL takes at most 65,535 parameters a
  // statement, so they are written in slices well below that.
  for (let i = 0; i < events.length; i += EVENTS_PER_STATEMENT) await recordEvents(tx, events.slice(i, i + EVENTS_PER_STATEMENT));
}

const EVENTS_PER_STATEMENT = 5000;

/**
 * The `announce_stock` job: tells malls a product's current stock after orders reserved
 * some. Orders that skipped queuing this run (because it was waiting) may still hold the
 * product's row: wait for them to commit first, so that the stock announced includes
 * theirs (domain/orders/create.ts, `announceStock`).
 */
export async function announceStockLevel(db: Db, productId: number): Promise<void> {
  await db.select({ id: products.id }).from(products).where(eq(products.id, productId)).for('share');
  await db.transaction((tx) => recordProductEvents(tx, [productId], 'stock'));
}

/**
 * Some distributors' prices or offer changed while no product did: their level's fee rate,
 * or a move to another level. Each product listed for them that the change touches
 * (`touched`, a condition on products) gets a new version and updated_at, so an
 * incremental sync (updatedSince) lists it again with the new price or as `unavailable`,
 * and their malls are told at once with `product.updated`. Other malls see only a version
 * bump of an unchanged product, which they may sync again harmlessly.
 *
 * It updates every touched product row in the caller's transaction: a rare staff action,
 * but on a large pool it holds those rows for its duration.
 */
export async function announceRepricing(tx: Tx, distributorIds: number[], touched: SQL): Promise<number> {
  if (distributorIds.length === 0) return 0;
  const bumped = await tx
    .update(products)
    .set(bumpVersion())
    .where(and(inArray(products.status, [...LISTED_STATUSES]), touched))
    .returning({ id: products.id });
  const ids = bumped.map((r) => r.id);
  await recordProductEvents(tx, ids, 'updated', { distributorIds });
  return ids.length;
}
