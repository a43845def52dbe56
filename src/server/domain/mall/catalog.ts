import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import type postgres from 'postgres';
import { JsonBytes } from '@/lib/json-text';
import { Batcher } from '@/server/db/batch';
import { poolOf, prepared, sqlText } from '@/server/db/prepared';
import { brands, categories, distributorLevels, distributors, products } from '@/server/db/schema';
import { env } from '@/server/config/env';
import type { AdmittedRead } from '@/server/open-api/rate-limit';
import { jsonEscapedBase, readyMallProductJson, toMallProduct, type MallProduct, type MallStatus } from '../catalog/mall-product';
import { inCategoryTree, inSelectionOfMode, listedFor, offeredTo } from '../catalog/visibility';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { decodeCursor, encodeCursorSql } from './cursor';
import { admittedCheck, CHANGE_HORIZON, checkAlone, readPagesAhead, stillFresh, takePageAhead, type Check, type CheckArgs, type PageRead } from './pages-ahead';

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

/** The open API's admission of the request, with a read in its own statement (open-api/rate-limit.ts `AdmittedRead`); throws the refusal. */
type AdmitWith = <Item, Out>(read: AdmittedRead<Item, Out>, item: Item) => Promise<Out>;

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
 * selection), and PostgreSQL builds the page's JSON (`readyMallProductJson`, the SQL twin
 * of `toMallProduct`, mostly kept ready in each product's row): the app passes one text
 * value on to the mall. A full sync is the open API's largest read (BENCHMARKS.md,
 * catalog sync): its next pages are read ahead while the mall reads this one (pages-ahead.ts).
 * `admitWith`: the open API's admission of the request, whose statement then carries the
 * page's checks too (a page read ahead, the change horizon), and which throws the refusal.
 */
export async function listProductsPage(ctx: CatalogCtx, input: ListProductsInput, options: { admitWith?: AdmitWith } = {}): Promise<JsonBytes<ProductPage>> {
  const filterKey = createHash('sha256')
    .update(JSON.stringify([input.categoryId ?? null, input.brandId ?? null, input.updatedSince ?? null]))
    .digest('base64url')
    .slice(0, 12);
  const values: PageValues = { distributorId: ctx.actor.distributorId, limit: input.limit, base: jsonEscapedBase(env.publicBaseUrl), filterKey, categoryId: input.categoryId, brandId: input.brandId };
  const shape: PageFilters = { since: input.updatedSince !== undefined, category: input.categoryId !== undefined, brand: input.brandId !== undefined };
  const pool = poolOf(ctx.db);
  if (input.updatedSince === undefined) {
    const afterId = input.cursor ? decodeCursor(input.cursor, fullCursor, filterKey).id : 0;
    // A full sync's pages are read ahead (pages-ahead.ts), each served only if nothing it reads changed since;
    // the check goes in the admission's statement when there is one.
    const check = (args: CheckArgs) => (options.admitWith ? options.admitWith(admittedCheck, args) : checkAlone(pool, args));
    const key = (after: number) => JSON.stringify([values.distributorId, filterKey, values.limit, after]);
    const read = (after: number) => readPage(pool, shape, { ...values, afterId: after });
    const ahead = await takePageAhead(pool, key(afterId));
    const checkedAhead = ahead && (await check({ horizon: ahead.horizon, afterId, rangeEnd: ahead.rangeEnd }));
    let page: PageRead, checked: Check;
    if (ahead && checkedAhead && stillFresh(ahead, checkedAhead)) [page, checked] = [ahead, checkedAhead];
    else {
      // Read beside the admission (a refusal still wins: the route answers it instead).
      const fresh = read(afterId);
      fresh.catch(() => {}); // settled here too, so that a refusal below leaves no rejection unhandled
      checked = checkedAhead ?? (await check({ horizon: null, afterId, rangeEnd: null }));
      page = await fresh;
    }
    if (page.nextAfter !== null) readPagesAhead(pool, key, page.nextAfter, checked, read);
    return new JsonBytes<ProductPage>(page.bytes);
  }
  const cursor = input.cursor ? decodeCursor(input.cursor, incrementalCursor, filterKey) : null;
  values.since = input.updatedSince;
  values.afterMicros = cursor?.t ?? null;
  values.afterId = cursor?.id ?? 0;
  // Computed before the page is read, in a statement of its own (see safeChangeHorizon): the admission's, if any.
  values.horizon = options.admitWith
    ? (await options.admitWith(admittedCheck, { horizon: null, afterId: 0, rangeEnd: null })).horizon
    : await safeChangeHorizon(ctx.db);
  return new JsonBytes<ProductPage>((await readPage(pool, shape, values)).bytes);
}

/** One page, as PostgreSQL wrote it, with where the next page starts and how far this one's rows reach (pages-ahead.ts). */
async function readPage(pool: postgres.Sql, filters: PageFilters, values: PageValues): Promise<PageRead> {
  const bySelection = !filters.category && !filters.brand;
  let mode = bySelection ? (selectionModes.get(values.distributorId) ?? 'category') : null;
  for (;;) {
    const statement = pageStatement({ ...filters, mode });
    const rows = await pool.unsafe(statement.text, statement.names.map((name) => values[name] ?? null) as postgres.ParameterOrJSON<never>[], { prepare: true }).raw();
    if (!rows.length) throw notFound('Distributor');
    const [bytes, nextAfter, rangeEnd, modeNow] = rows[0] as (Buffer | null)[];
    letGoOfRows(rows);
    // Read for the other mode (a first page, or the distributor changed it): nothing was
    // read; again, for the mode it has now (each retry follows a change that committed).
    if (mode !== null && modeNow!.toString() !== mode) {
      mode = modeNow!.toString() as SelectionMode;
      selectionModes.set(values.distributorId, mode);
      continue;
    }
    const id = (value: Buffer | null) => (value === null ? null : Number(value.toString()));
    return { bytes: bytes!, nextAfter: id(nextAfter), rangeEnd: id(rangeEnd) };
  }
}

type SelectionMode = 'category' | 'brand';

/**
 * Each distributor's selection mode as its last page found it, so that the next page is
 * read by the statement for that mode (`pageStatement`), which tests only that mode's
 * selection on every product instead of choosing between the two for each (about 5 % of a
 * full-sync page, lab). A guess, never trusted: the statement reads the mode itself and
 * reads nothing if it is the other one (`readPage` then reads again).
 */
const selectionModes = new Map<number, SelectionMode>();

/**
 * Empties a postgres.js result once its values are taken. postgres.js's result outlives V8's
 * minor collections (only a full one frees it: measured, BENCHMARKS.md), and with it every
 * buffer its rows point into: for a page, the 211 kB received from the socket. Emptied, the
 * result holds nothing, and the page's buffers die young once written, instead of adding
 * 211-430 kB a page to what starts V8's full collections of the app's heap.
 */
function letGoOfRows(rows: unknown[]) {
  rows.length = 0;
}

/** Which filters a page request has (a category, a brand, a change time), each a parameter of its statement. */
type PageFilters = { since: boolean; category: boolean; brand: boolean };
/** A page statement's shape: its filters and, for a page of the distributor's selection, the selection mode it is written for. */
type PageShape = PageFilters & { mode: SelectionMode | null };
type PageValues = {
  distributorId: number;
  limit: number;
  base: string;
  filterKey: string;
  categoryId?: number;
  brandId?: number;
  afterId?: number;
  since?: string;
  afterMicros?: string | null;
  horizon?: string;
};

const pageStatements = new Map<string, { text: string; names: (keyof PageValues)[] }>();

/**
 * The statement of a page of this shape (which filters, which sync), built once: its
 * values, the limit too, are numbered parameters, so drizzle assembles the long text once
 * per shape (ten in all, whatever malls ask) and PostgreSQL parses it once per
 * connection (a named prepared statement).
 *
 * It reads the distributor `d` (its row and its level's fee), then the page's products in
 * page order, each as JSON text (`readyMallProductJson`), and whether a product follows
 * them: then there is a next page, whose cursor (`encodeCursor` of the page's last
 * product) it writes too (a full sync: `fullPageStatement`; an incremental one reads
 * limit + 1 products, numbered). The answer is the whole envelope, `{"data": [...],
 * "nextCursor": ...}`, read as the bytes PostgreSQL sent (postgres.js `raw()`): the app
 * never turns a page into a string, let alone into objects. Beside it, the id the next page
 * starts after (null on the last page), the id of the row that told there is one (how far
 * the page's rows reach, for pages-ahead.ts), and the distributor's selection mode: a page
 * of its selection is written for one mode (`shape.mode`) and reads nothing if the
 * distributor's is the other (`readPage`).
 *
 * The values are read through `(SELECT $n)`, which the planner cannot see into: every
 * page then has the same estimated cost, and PostgreSQL keeps one generic plan instead of
 * planning each page again (about a millisecond a page here, more than reading it).
 */
function pageStatement(shape: PageShape) {
  const key = JSON.stringify(shape);
  let statement = pageStatements.get(key);
  if (statement) return statement;
  const names: (keyof PageValues)[] = [];
  // Every value through `(SELECT $n)`, which the planner cannot see into (see above).
  const $ = (name: keyof PageValues, type: string) => {
    if (!names.includes(name)) names.push(name);
    return sql.raw(`(SELECT $${names.indexOf(name) + 1}::${type})`);
  };
  const hidden = $;
  const distributorId = $('distributorId', 'int');
  // The distributor's values as the scalars of one-time subplans: the products are not
  // joined with `d`, which was a nested loop over its one row for every product (lab, the
  // statement's variants interleaved: about 5 % of a full-sync page).
  const d = { id: sql`(SELECT id FROM d)`, levelId: sql`(SELECT level_id FROM d)`, feeBps: sql`(SELECT fee_bps FROM d)`, selectionMode: sql`(SELECT selection_mode FROM d)` };
  const scope: SQL[] = [];
  if (shape.category) scope.push(inCategoryTree($('categoryId', 'int')));
  if (shape.brand) scope.push(sql`${products.brandId} = ${$('brandId', 'int')}`);
  // Gated once per statement too (a one-time filter): read for the other mode, it reads no product.
  if (shape.mode) scope.push(sql`${d.selectionMode} = ${sql.raw(`'${shape.mode}'`)}`, inSelectionOfMode({ id: distributorId, selectionMode: d.selectionMode }, shape.mode));
  const base = $('base', 'text');
  const limit = $('limit', 'int');
  const more = sql`${limit} + 1`;
  const filterKey = $('filterKey', 'text');
  if (!shape.since) {
    statement = { text: fullPageStatement({ $, scope: and(...scope, listedFor(d))!, product: readyMallProductJson({ offered: sql`true`, feeBps: d.feeBps, base }), limit, filterKey }), names };
    pageStatements.set(key, statement);
    return statement;
  }
  const page = sql`SELECT ${products.id} AS id, (extract(epoch from ${products.updatedAt}) * 1000000)::bigint::text AS micros,
                 row_number() OVER (ORDER BY ${products.updatedAt}, ${products.id}) AS n,
                 ${readyMallProductJson({ offered: offeredTo(d), feeBps: d.feeBps, base })} AS product
          FROM products
          WHERE ${and(
            ...scope,
            sql`${products.updatedAt} >= ${hidden('since', 'timestamptz')}`,
            sql`${products.updatedAt} < ${hidden('horizon', 'timestamptz')}`,
            sql`(${hidden('afterMicros', 'text')} IS NULL OR ${products.updatedAt} > ${microsToTimestamp(hidden('afterMicros', 'text'))}
                 OR (${products.updatedAt} = ${microsToTimestamp(hidden('afterMicros', 'text'))} AND ${products.id} > ${hidden('afterId', 'int')}))`,
          )}
          ORDER BY ${products.updatedAt}, ${products.id} LIMIT ${more}`;
  // encodeCursor({ m, f: filterKey, t: micros, id }) of the page's last product.
  const cursor = sql`'{"m":"since","f":' || to_json(${filterKey}) || ',"t":"' || page.micros || '","id":' || page.id || '}'`;
  const text = dialect.sqlToQuery(sql`
    WITH ${distributorRow(distributorId)},
    page AS (${page})
    SELECT '{"data":[' || coalesce(string_agg(page.product, ',' ORDER BY page.n) FILTER (WHERE page.n <= ${limit}), '')
           || '],"nextCursor":' || CASE WHEN count(*) > ${limit} THEN '"' || ${encodeCursorSql(sql`max(${cursor}) FILTER (WHERE page.n = ${limit})`)} || '"' ELSE 'null' END || '}',
           CASE WHEN count(*) > ${limit} THEN max(page.id) FILTER (WHERE page.n = ${limit}) END,
           max(page.id) FILTER (WHERE page.n = ${more}),
           (SELECT selection_mode FROM d)
    FROM page
    HAVING EXISTS (SELECT 1 FROM d)`).sql;
  statement = { text, names };
  pageStatements.set(key, statement);
  return statement;
}

/** The distributor `d` a page reads: its row and its level's fee. */
const distributorRow = (distributorId: SQL) => sql`d AS (
      SELECT distributors.id, distributors.level_id, distributors.selection_mode, distributor_levels.fee_bps
      FROM distributors JOIN distributor_levels ON distributor_levels.id = distributors.level_id
      WHERE distributors.id = ${distributorId})`;

/**
 * A full-sync page's statement (`pageStatement`): the first `limit` products in `scope`
 * after the cursor's id, in id order, joined; then the next product in `scope` after the
 * page's last, alone (an index probe that stops at the first it finds): if there is one,
 * the page has a next, which starts after its last product, and that product is how far
 * the page reaches (pages-ahead.ts). Numbering the rows to tell the page from the one
 * beyond it (a window over limit + 1 rows, as incremental pages do) cost about 7 % more
 * (lab, the statement's variants interleaved). The products come in id order from the
 * index scan, which PostgreSQL sees, so the aggregate sorts nothing.
 */
function fullPageStatement(o: { $: (name: keyof PageValues, type: string) => SQL; scope: SQL; product: SQL; limit: SQL; filterKey: SQL }): string {
  const { $ } = o;
  return dialect.sqlToQuery(sql`
    WITH ${distributorRow($('distributorId', 'int'))},
    page AS (
      SELECT ${products.id} AS id, ${o.product} AS product
      FROM products
      WHERE ${and(o.scope, sql`${products.id} > ${$('afterId', 'int')}`)}
      ORDER BY ${products.id} LIMIT ${o.limit}),
    joined AS (SELECT string_agg(page.product, ',' ORDER BY page.id) AS products, max(page.id) AS last FROM page)
    SELECT '{"data":[' || coalesce(joined.products, '')
           || '],"nextCursor":' || CASE WHEN beyond.id IS NOT NULL THEN '"' || ${encodeCursorSql(sql`'{"m":"full","f":' || to_json(${o.filterKey}) || ',"id":' || joined.last || '}'`)} || '"' ELSE 'null' END || '}',
           CASE WHEN beyond.id IS NOT NULL THEN joined.last END,
           beyond.id,
           (SELECT selection_mode FROM d)
    FROM joined LEFT JOIN LATERAL (
      SELECT ${products.id} AS id FROM products WHERE ${and(o.scope, sql`${products.id} > joined.last`)} ORDER BY ${products.id} LIMIT 1) beyond ON true
    WHERE EXISTS (SELECT 1 FROM d)`).sql;
}

const dialect = new PgDialect();

/** `listProductsPage` as objects (the distributor's portal, tests). */
export async function listProducts(ctx: CatalogCtx, input: ListProductsInput): Promise<ProductPage> {
  return (await listProductsPage(ctx, input)).parse();
}

const microsToTimestamp = (micros: SQL) => sql`to_timestamp(${micros}::numeric / 1000000)`;

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
  const [row] = await db.execute<{ horizon: string }>(sql`select ${sql.raw(CHANGE_HORIZON)}::text as horizon`);
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

const MAX_STOCK_IDS = 500;
const MAX_ID = 2_147_483_647;

export const stockInput = z.strictObject({
  productIds: z.array(z.int().positive().max(MAX_ID)).min(1).max(MAX_STOCK_IDS).describe('At most 500 product ids'),
});

/**
 * Whether a parsed `POST /stock` body is a valid `stockInput` as it is, checked without
 * zod: malls poll it, and zod's check of a hundred ids cost a tenth of a signed read's app
 * time, in garbage mostly (27 kB a request, BENCHMARKS.md). Accepts exactly what the schema
 * accepts (tests/open-api/stock-body.test.ts compares the two); anything else goes through
 * the schema, which words the error.
 */
export function isStockInput(value: unknown): value is z.output<typeof stockInput> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'productIds') return false;
  const ids = (value as { productIds: unknown }).productIds;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_STOCK_IDS) return false;
  for (const id of ids) if (!(Number.isInteger(id) && id > 0 && id <= MAX_ID)) return false;
  return true;
}

export type StockLevel = { productId: number; stock: number; status: MallStatus; version: number };

/** The whole answer of `POST /stock`, as PostgreSQL writes it (the envelope too: the app only passes it on). */
export type StockAnswer = { data: StockLevel[] };

/**
 * One request's whole answer, as JSON text (`StockAnswer`), for the distributor `d` (of
 * level `levelId`) and the array literal of product ids `ids`, all three columns of the
 * statement: each product's
 * answer is kept ready in its row (`stock_json`, drizzle/0018: a listed status as it is,
 * any other as `unavailable`), and a product not offered to the distributor reads
 * `unavailable` with stock 0 and its current version, so the mall's "keep the highest
 * version" rule takes it. The level comes from the distributor's row in the same statement,
 * not from a cache, so a move to another level shows at once.
 */
function stockLevelsOf(d: string, levelId: string, ids: string): string {
  // Ready texts joined: building each product's JSON here was most of PostgreSQL's work per
  // read (and as text, a third of json_build_object's; every value is a number or an enum
  // label, so there is nothing to escape).
  return `
    select '{"data":[' || string_agg(
             case when ${sqlText(offeredTo({ id: sql.raw(d), levelId: sql.raw(levelId) }))} then products.stock_json
               else '{"productId":' || products.id || ',"stock":0,"status":"unavailable","version":' || products.version || '}' end,
             ',' order by products.id) || ']}' as answer
    from products where products.id = any(${ids}::int[])`;
}

/** The answer when none of the ids exists. */
const NO_LEVELS = `'{"data":[]}'`;

/**
 * The stock reads of concurrent `stockLevels` calls, in one prepared statement (malls poll
 * it: the open API's hottest read), each request's answer built by PostgreSQL.
 */
const readStockLevels = prepared(`
  select req.n, coalesce(p.answer, ${NO_LEVELS}) as answer
  from unnest($1::int[], $2::text[]) with ordinality as req(distributor_id, product_ids, n)
  join distributors d on d.id = req.distributor_id
  cross join lateral (${stockLevelsOf('d.id', 'd.level_id', 'req.product_ids')}) p`);

/** Each request's ids as one array literal: a few strings to send, not a parameter per id. */
const idsLiteral = (ids: number[]) => `{${ids.join(',')}}`;

/**
 * The same read in the statement that admits the requests (the open API's signed
 * `POST /stock`): one round trip and one statement per batch for both, and only the
 * admitted requests are read (`answered`, open-api/rate-limit.ts).
 */
const admittedStockRead: AdmittedRead<number[], JsonBytes<StockAnswer>> = {
  inputs: [{ name: 'product_ids', type: 'text[]', of: idsLiteral }],
  columns: `coalesce(p.answer, ${NO_LEVELS}) as answer`,
  join: `left join lateral (${stockLevelsOf('decided.distributor_id', 'decided.level_id', 'decided.product_ids')} and decided.answered) p on true`,
  raw: true,
  result: (row) => new JsonBytes<StockAnswer>(row.answer as Buffer),
};

type StockRequest = { distributorId: number; productIds: number[] };

/**
 * Requests that arrive while a read is on its way are read together in the next one: one
 * statement (one round trip, one socket write each way) for all of them, where a socket
 * write costs more than reading a hundred rows on these machines (BENCHMARKS.md).
 */
const stockReaders = new WeakMap<postgres.Sql, Batcher<StockRequest, JsonBytes<StockAnswer> | null>>();

function stockReader(pool: postgres.Sql) {
  let reader = stockReaders.get(pool);
  if (!reader) {
    reader = new Batcher<StockRequest, JsonBytes<StockAnswer> | null>(async (requests) => {
      const rows = await readStockLevels(pool, [requests.map((r) => r.distributorId), requests.map((r) => idsLiteral(r.productIds))]).raw();
      const out: (JsonBytes<StockAnswer> | null)[] = requests.map(() => null); // null: no such distributor
      for (const [n, answer] of rows as unknown as Buffer[][]) out[Number(n.toString()) - 1] = new JsonBytes<StockAnswer>(answer);
      return out;
    });
    stockReaders.set(pool, reader);
  }
  return reader;
}

/**
 * The live stock of up to 500 products, as the answer's JSON (`StockAnswer`: `StockLevel[]`
 * by product id); ids that do not exist are left out. `admitWith`: the open API's admission of the request, which
 * then reads in its own statement (`AdmittedRead`), and throws the request's refusal.
 */
export async function stockLevels(
  ctx: CatalogCtx,
  input: z.output<typeof stockInput>,
  options: { admitWith?: <Item, Out>(read: AdmittedRead<Item, Out>, item: Item) => Promise<Out> } = {},
): Promise<JsonBytes<StockAnswer>> {
  // An id given twice is read once all the same (`products.id = any(…)` matches each row once).
  if (options.admitWith) return options.admitWith(admittedStockRead, input.productIds);
  const levels = await stockReader(poolOf(ctx.db)).submit({ distributorId: ctx.actor.distributorId, productIds: input.productIds });
  if (!levels) throw notFound('Distributor');
  return levels;
}
