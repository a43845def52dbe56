import { type AnyColumn, sql, type SQL } from 'drizzle-orm';
import { products } from '@/server/db/schema';

/**
 * Which products a distributor is offered, and which it selected. One definition, used by
 * the open API's catalog, the distributor's price list and the fan-out of product events.
 */

/** Statuses a mall may list (the rest, and products not offered, are `unavailable`). */
export const LISTED_STATUSES = ['on_sale', 'sold_out'] as const;

/** A distributor's id and level: numbers, or columns when joined against many distributors. */
export type DistributorScope = { id: number | AnyColumn | SQL; levelId: number | AnyColumn | SQL };

/**
 * The product is offered to this distributor: to every level, or restricted to levels
 * and distributors of which this is one.
 */
export function offeredTo(d: DistributorScope): SQL {
  return sql`(${products.visibility} = 'all'
    OR EXISTS (SELECT 1 FROM product_level_grants g WHERE g.product_id = ${productIdRef} AND g.level_id = ${d.levelId})
    OR EXISTS (SELECT 1 FROM product_distributor_grants g WHERE g.product_id = ${productIdRef} AND g.distributor_id = ${d.id}))`;
}

/**
 * The product is offered to at least one distributor of this level: to all levels, to the
 * level, or to one of its distributors. What a change of the level's fee rate reprices.
 */
export function offeredToLevel(levelId: number): SQL {
  return sql`(${products.visibility} = 'all'
    OR EXISTS (SELECT 1 FROM product_level_grants g WHERE g.product_id = ${productIdRef} AND g.level_id = ${levelId})
    OR EXISTS (SELECT 1 FROM product_distributor_grants g JOIN distributors d ON d.id = g.distributor_id
               WHERE g.product_id = ${productIdRef} AND d.level_id = ${levelId}))`;
}

/**
 * "products"."id", always qualified. Drizzle writes a column of a single-table query
 * unqualified ("id"), which inside a subquery would bind to the subquery's own table.
 */
const productIdRef = sql`${sql.identifier('products')}.${sql.identifier('id')}`;

/**
 * The product is in the distributor's selection (选品): by category (a chosen category
 * includes its subcategories) or by brand, as the distributor chose.
 */
export function inSelection(d: { id: number; selectionMode: 'category' | 'brand' }): SQL {
  return d.selectionMode === 'brand' ? inSelectedBrands(d.id) : inSelectedCategories(d.id);
}

/**
 * `inSelection` for a distributor of selection mode `mode`, whose mode is read by the same
 * statement (a column, e.g. of a statement that reads the distributor's row itself): true
 * for a product in its selection, null (not true) for any product if the distributor's mode
 * is the other one, so a statement written for one mode reads nothing of a distributor of
 * the other. `id` must not be a column of the statement (pass the distributor's id as a
 * parameter): then the set is read once per statement and looked up by hash, where an `IN`
 * at the top of a WHERE (the `CASE` keeps it from there) becomes a join that compares every
 * product with every chosen category (BENCHMARKS.md, catalog sync).
 */
export function inSelectionOfMode(d: { id: SQL; selectionMode: AnyColumn | SQL }, mode: 'category' | 'brand'): SQL {
  return sql`(CASE WHEN ${d.selectionMode} = ${sql.raw(`'${mode}'`)} THEN ${mode === 'brand' ? inSelectedBrands(d.id) : inSelectedCategories(d.id)} END)`;
}

function inSelectedBrands(distributorId: number | SQL): SQL {
  return sql`${products.brandId} IN (SELECT brand_id FROM distributor_brands WHERE distributor_id = ${distributorId})`;
}

function inSelectedCategories(distributorId: number | SQL): SQL {
  return sql`${products.categoryId} IN (
    WITH RECURSIVE chosen(id) AS (
      SELECT category_id FROM distributor_categories WHERE distributor_id = ${distributorId}
      UNION SELECT c.id FROM categories c JOIN chosen ON c.parent_id = chosen.id
    ) SELECT id FROM chosen)`;
}

/** Offered to the distributor and in a status a mall may list. */
export function listedFor(d: DistributorScope): SQL {
  return sql`(${products.status} IN ('on_sale', 'sold_out') AND ${offeredTo(d)})`;
}

/** The product is in this category or any category below it (filters of product lists). */
export function inCategoryTree(categoryId: number | SQL): SQL {
  return sql`${products.categoryId} IN (
    WITH RECURSIVE tree(id) AS (
      SELECT ${categoryId}::int
      UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
    ) SELECT id FROM tree)`;
}
