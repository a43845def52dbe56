import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import type postgres from 'postgres';
import { JsonBytes, JsonText } from '@/lib/json-text';
import { Batcher } from '@/server/db/batch';
import { poolOf, prepared, sqlText } from '@/server/db/prepared';
import { brands, categories, distributorLevels, distributors, products } from '@/server/db/schema';
import { env } from '@/server/config/env';
import { mallProductJson, toMallProduct, type MallProduct, type MallStatus } from '../catalog/mall-product';
import { inCategoryTree, inSelectionByMode, listedFor, offeredTo } from '../catalog/visibility';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { decodeCursor, encodeCursorSql } from './cursor';

/**
 * What a mall reads of the catalog (docs/open-api.md "Endpoints"), priced for its distributor.
 * A distributor's portal may call the same verbs for its own view.
 */
export type CatalogCtx = Ctx<{ kind: 'mall'; distributorId: number } | { kind: 'distributor'; userId: number; distributorId: number }>;

type Scope = { id: number; levelId: number; feeBps: number; selectionMode: 'category' | 'brand' };

export async function distributorScope(db: DbOrTx, distributorId: number): Promise<Scope> {
  const [d] = await db
    .select({ id: distributors.id, levelId: distributors.levelId, feeBps: distributorLevels.feeBps, selectionMode: distributors.selectionMode })
    .from(distributors)
    .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
    .where(eq(distributors.id, distributorId));
  if (!d) throw notFound('Distributor');
  return d;
}

/** The category tree, flat: `[{id, name, parentId}]`, parents before their children's siblings in display order. */
export async function listCategories(ctx: CatalogCtx) {
  return ctx.db
    .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
    .from(categories)
    .where(eq(categories.status, 'active'))
    .orderBy(sql`${categories.parentId} nulls first`, asc(categories.sortOrder), asc(categories.id));
}

export async function listBrands(ctx: CatalogCtx) {
  return ctx.db
    .select({ id: brands.id, name: brands.name })
    .from(brands)
    .where(eq(brands.status, 'active'))
    .orderBy(asc(brands.sortOrder), asc(brands.id));
}

export const listProductsInput = z.strictObject({
  categoryId: z.coerce.number().int().positive().max(2_147_483_647).optional().describe('Only this category and its subcategories (instead of the selection)'),
  brandId: z.coerce.number().int().positive().max(2_147_483_647).optional().describe('Only this brand (instead of the selection)'),
  updatedSince: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Incremental sync: every product changed at or after this time, withdrawn ones included. Pass the largest `updatedAt` you received before.'),
  cursor: z.string().max(512).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListProductsInput = z.output<typeof listProductsInput>;

/** Incremental cursors carry microseconds: JavaScript dates would lose them and skip ties. */
const incrementalCursor = z.object({ m: z.literal('since'), f: z.string(), t: z.string().regex(/^\d{1,20}$/), id: z.number().int() });
const fullCursor = z.object({ m: z.literal('full'), f: z.string(), id: z.number().int() });

export type ProductPage = { data: MallProduct[]; nextCursor: string | null };

/**
 * The products offered to the distributor, a page at a time (keyset: no page ever shifts
 * under a concurrent change).
 * - Full sync (no `updatedSince`): listed products (`on_sale`, `sold_out`) by id.
 * - Incremental sync (`updatedSince`): every product changed since, by (updated_at, id),
 *   each with the status this distributor sees: withdrawn or no longer offered is
 *   `unavailable`.
 * The distributor's selection (选品) applies unless `categoryId` or `brandId` is given.
 *
 * The page is one statement that also reads the distributor (its level's fee, its
 * selection), and PostgreSQL builds the page's JSON (`mallProductJson`, the SQL twin of
 * `toMallProduct`): the app passes one text value on to the mall. A full sync is the
 * open API's largest read (BENCHMARKS.md, catalog sync).
 */
export async function listProductsPage(ctx: CatalogCtx, input: ListProductsInput): Promise<JsonBytes<ProductPage>> {
  const filterKey = createHash('sha256')
    .update(JSON.stringify([input.categoryId ?? null, input.brandId ?? null, input.updatedSince ?? null]))
    .digest('base64url')
    .slice(0, 12);
  const distributorId = sql`${ctx.actor.distributorId}::int`;
  const scope: SQL[] = [];
  if (input.categoryId !== undefined) scope.push(inCategoryTree(sql`${input.categoryId}::int`));
  if (input.brandId !== undefined) scope.push(sql`${products.brandId} = ${input.brandId}::int`);
  if (input.categoryId === undefined && input.brandId === undefined) scope.push(inSelectionByMode({ id: distributorId, selectionMode: sql`d.selection_mode` }));
  const d = { id: sql`d.id`, levelId: sql`d.level_id` };
  const base = env.publicBaseUrl;

  if (input.updatedSince === undefined) {
    const after = input.cursor ? decodeCursor(input.cursor, fullCursor, filterKey).id : 0;
    return readPage(ctx.db, {
      distributorId,
      limit: input.limit,
      rows: sql`SELECT ${products.id} AS id, row_number() OVER (ORDER BY ${products.id}) AS n,
                       ${mallProductJson({ offered: sql`true`, feeBps: sql`d.fee_bps`, base })} AS product
                FROM d, products
                WHERE ${and(...scope, listedFor(d), sql`${products.id} > ${after}::int`)}
                ORDER BY ${products.id} LIMIT ${sql.raw(String(input.limit + 1))}`,
      // encodeCursor({ m: 'full', f: filterKey, id }) of the page's last product.
      cursor: sql`'{"m":"full","f":' || to_json(${filterKey}::text) || ',"id":' || page.id || '}'`,
    });
  }

  const cursor = input.cursor ? decodeCursor(input.cursor, incrementalCursor, filterKey) : null;
  const fromCursor = cursor
    ? sql`(${products.updatedAt} > ${microsToTimestamp(cursor.t)} OR (${products.updatedAt} = ${microsToTimestamp(cursor.t)} AND ${products.id} > ${cursor.id}::int))`
    : sql`true`;
  // Computed before the page is read, in a statement of its own (see safeChangeHorizon).
  const horizon = await safeChangeHorizon(ctx.db);
  return readPage(ctx.db, {
    distributorId,
    limit: input.limit,
    rows: sql`SELECT ${products.id} AS id, (extract(epoch from ${products.updatedAt}) * 1000000)::bigint::text AS micros,
                     row_number() OVER (ORDER BY ${products.updatedAt}, ${products.id}) AS n,
                     ${mallProductJson({ offered: offeredTo(d), feeBps: sql`d.fee_bps`, base })} AS product
              FROM d, products
              WHERE ${and(...scope, sql`${products.updatedAt} >= ${input.updatedSince}::timestamptz`, sql`${products.updatedAt} < ${horizon}::timestamptz`, fromCursor)}
              ORDER BY ${products.updatedAt}, ${products.id} LIMIT ${sql.raw(String(input.limit + 1))}`,
    // encodeCursor({ m: 'since', f: filterKey, t: micros, id }) of the page's last product.
    cursor: sql`'{"m":"since","f":' || to_json(${filterKey}::text) || ',"t":"' || page.micros || '","id":' || page.id || '}'`,
  });
}

/** `listProductsPage` as objects (the distributor's portal, tests). */
export async function listProducts(ctx: CatalogCtx, input: ListProductsInput): Promise<ProductPage> {
  return (await listProductsPage(ctx, input)).parse();
}

/**
 * Runs a page's statement: `rows` selects up to limit + 1 products (`id`, `product` as
 * JSON text, `n` their place in page order, and what `cursor` needs) from the distributor
 * `d` (its row and its level's fee) and `products`; the first `limit` are the page, one
 * more says there is a next page, whose cursor is `cursor` (JSON text) of the page's last
 * product. The answer is the whole envelope, `{"data": [...], "nextCursor": ...}`, read as
 * the bytes PostgreSQL sent (postgres.js `raw()`): the app never turns a page into a
 * string, let alone objects. A named prepared statement: its text depends only on which
 * filters are given (and the limit), so PostgreSQL parses it once per connection.
 */
async function readPage(db: DbOrTx, page: { distributorId: SQL; limit: number; rows: SQL; cursor: SQL }): Promise<JsonBytes<ProductPage>> {
  const limit = sql.raw(String(page.limit));
  const statement = sql`
    WITH d AS (
      SELECT distributors.id, distributors.level_id, distributors.selection_mode, distributor_levels.fee_bps
      FROM distributors JOIN distributor_levels ON distributor_levels.id = distributors.level_id
      WHERE distributors.id = ${page.distributorId}),
    page AS (${page.rows})
    SELECT '{"data":[' || coalesce(string_agg(page.product, ',' ORDER BY page.n) FILTER (WHERE page.n <= ${limit}), '')
           || '],"nextCursor":' || CASE WHEN count(*) > ${limit} THEN '"' || ${encodeCursorSql(sql`max(${page.cursor}) FILTER (WHERE page.n = ${limit})`)} || '"' ELSE 'null' END || '}'
    FROM page
    HAVING EXISTS (SELECT 1 FROM d)`;
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const rows = await poolOf(db).unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }).raw();
  if (!rows.length) throw notFound('Distributor');
  return new JsonBytes<ProductPage>(rows[0][0] as Buffer);
}

const dialect = new PgDialect();

const microsToTimestamp = (micros: string) => sql`to_timestamp(${micros}::numeric / 1000000)`;

/**
 * The time before which every product change is committed and visible, so an incremental
 * sync that serves only changes before it can never skip one that commits late.
 *
 * A change's updated_at is clock_timestamp() inside its transaction, which is never earlier
 * than that transaction's start. So while a writing transaction is running, changes it may
 * still commit are stamped at or after its xact_start; everything stamped before the
 * oldest running writer's start has committed already. We read that start (pg_stat_activity)
 * in a statement of its own, BEFORE the statement that reads the page takes its snapshot:
 * a transaction that commits in between is then visible to the page, and one that starts
 * in between stamps its changes after the horizon. Transactions that have written nothing
 * yet (no xid) are not counted: whatever they write later is stamped later still.
 *
 * The price: a long transaction holds incremental syncs back (never makes them skip).
 * It relies on seeing other sessions' xact_start, which PostgreSQL shows for sessions of
 * the same role (the app's) or to members of pg_read_all_stats.
 */
async function safeChangeHorizon(db: DbOrTx): Promise<string> {
  const [row] = await db.execute<{ horizon: string }>(sql`
    select least(now(), min(xact_start))::text as horizon
    from pg_stat_activity
    where datname = current_database() and backend_xid is not null and pid <> pg_backend_pid()`);
  return row.horizon;
}



/** One product offered to the distributor (in any status; withdrawn shows as `unavailable`). */
export async function getProduct(ctx: CatalogCtx, productId: number): Promise<MallProduct> {
  const d = await distributorScope(ctx.db, ctx.actor.distributorId);
  const [p] = await ctx.db
    .select()
    .from(products)
    .where(and(eq(products.id, productId), offeredTo(d), inArray(products.status, ['on_sale', 'sold_out', 'off_shelf'])));
  if (!p) throw notFound('Product', { productId });
  return toMallProduct(p, d.feeBps, true);
}

export const stockInput = z.strictObject({
  productIds: z.array(z.int().positive().max(2_147_483_647)).min(1).max(500).describe('At most 500 product ids'),
});

export type StockLevel = { productId: number; stock: number; status: MallStatus; version: number };

/**
 * The stock reads of concurrent `stockLevels` calls, in one prepared statement (malls poll
 * it: the open API's hottest read), each request's answer built as JSON by PostgreSQL.
 * Each request names its distributor and its products; the distributor's level comes from
 * its row, not from a cache, so a move to another level shows at once. A product not
 * listed for the distributor (withdrawn, or not offered to it) reads `unavailable` with
 * stock 0, and its current version, so the mall's "keep the highest version" rule takes it.
 */
const readStockLevels = prepared<{ n: string; levels: string }>(`
  select req.n, coalesce(p.levels, '[]') as levels
  from unnest($1::int[], $2::text[]) with ordinality as req(distributor_id, product_ids, n)
  join distributors d on d.id = req.distributor_id
  cross join lateral (
    -- Written as text: a third of the cost of json_build_object and json_agg here, and every
    -- value is a number or a status name (an enum label), so there is nothing to escape.
    select '[' || string_agg(
             case when ${sqlText(listedFor({ id: sql.raw('d.id'), levelId: sql.raw('d.level_id') }))}
               then '{"productId":' || products.id || ',"stock":' || products.stock || ',"status":"' || products.status::text || '","version":' || products.version || '}'
               else '{"productId":' || products.id || ',"stock":0,"status":"unavailable","version":' || products.version || '}' end,
             ',' order by products.id) || ']' as levels
    from products where products.id = any(req.product_ids::int[])
  ) p`);

type StockRequest = { distributorId: number; productIds: number[] };

/**
 * Requests that arrive while a read is on its way are read together in the next one: one
 * statement (one round trip, one socket write each way) for all of them, where a socket
 * write costs more than reading a hundred rows on these machines (BENCHMARKS.md).
 */
const stockReaders = new WeakMap<postgres.Sql, Batcher<StockRequest, JsonText<StockLevel[]> | null>>();

function stockReader(pool: postgres.Sql) {
  let reader = stockReaders.get(pool);
  if (!reader) {
    reader = new Batcher<StockRequest, JsonText<StockLevel[]> | null>(async (requests) => {
      // Each request's ids as one array literal: a few strings to send, not a parameter per id.
      const rows = await readStockLevels(pool, [requests.map((r) => r.distributorId), requests.map((r) => `{${r.productIds.join(',')}}`)]);
      const out: (JsonText<StockLevel[]> | null)[] = requests.map(() => null); // null: no such distributor
      for (const row of rows) out[Number(row.n) - 1] = new JsonText<StockLevel[]>(row.levels);
      return out;
    });
    stockReaders.set(pool, reader);
  }
  return reader;
}

/**
 * The live stock of up to 500 products, as JSON (`StockLevel[]`, by product id); ids that
 * do not exist are left out.
 */
export async function stockLevels(ctx: CatalogCtx, input: z.output<typeof stockInput>): Promise<JsonText<StockLevel[]>> {
  const levels = await stockReader(poolOf(ctx.db)).submit({ distributorId: ctx.actor.distributorId, productIds: [...new Set(input.productIds)] });
  if (!levels) throw notFound('Distributor');
  return levels;
}
