import type postgres from 'postgres';
import { prepared } from '@/server/db/prepared';

/**
 * Full-sync pages read ahead: once a page of a full sync is answered, the server reads the
 * next one (same distributor, filters and limit, the cursor it just gave out), so that the
 * mall's next request, after its signature and admission, finds it ready: PostgreSQL builds
 * it while the mall parses the page before and while this server reads the request. A page
 * nobody asks for within a few seconds is dropped; each app server keeps its own (at most
 * MAX_PAGES, a few MB).
 *
 * A page read ahead is served only if a request at the moment of asking could have been
 * answered the same, which one short statement (`checkAhead`, sent when the request comes)
 * proves: nothing the page reads has changed since it was read.
 * - Its products: every product change stamps `updated_at`, and a change the page's read
 *   could not see is stamped at or after the change horizon read before it (the argument
 *   of `safeChangeHorizon`, catalog.ts). So no product with an id in the page's range (after
 *   the cursor, up to the row that told there is a next page; to the end if none) may have
 *   changed since that horizon: a product that changed, became listed, was withdrawn or
 *   added there refuses the page. (Products are never deleted, only withdrawn: a deletion
 *   would leave no change to see.) Visibility grants change only with the product
 *   (`setVisibility` bumps it).
 * - The distributor's side (`scopeFingerprint`): its level, the level's fee, its selection
 *   mode and chosen categories and brands, and the category tree, the same before the read
 *   as when asked.
 * Otherwise the page is read again, as if never read ahead. Incremental syncs are never read
 * ahead: each page takes its own change horizon when asked.
 */

export type PageRead = { bytes: Buffer; nextAfter: number | null; rangeEnd: number | null };
type Check = { scope: string; horizon: string };
type Ahead = { read: Promise<(PageRead & Check) | null>; expires: number };

const TTL_MS = 3_000;
const MAX_PAGES = 16;

/** Counts for tests and profiles: pages being read ahead, read, served as read, and read again when asked. */
export const pagesAhead = { started: 0, read: 0, served: 0, refused: 0 };

/** Everything on the distributor's side that a catalog page reads, as one hash. */
const scopeFingerprint = `md5(concat_ws('|',
    (SELECT d.level_id || ',' || d.selection_mode || ',' || l.fee_bps FROM distributors d JOIN distributor_levels l ON l.id = d.level_id WHERE d.id = $1::int),
    (SELECT string_agg(category_id::text, ',' ORDER BY category_id) FROM distributor_categories WHERE distributor_id = $1::int),
    (SELECT string_agg(brand_id::text, ',' ORDER BY brand_id) FROM distributor_brands WHERE distributor_id = $1::int),
    (SELECT string_agg(id || ':' || coalesce(parent_id, 0), ',' ORDER BY id) FROM categories)))`;

/** The change horizon, as text of SQL (see `safeChangeHorizon`, catalog.ts, which reads it too). */
export const CHANGE_HORIZON = `least(now(), (SELECT min(xact_start) FROM pg_stat_activity
  WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()))`;

/**
 * The distributor's scope and the change horizon now, and whether any product in
 * ($3, $4] (to the end if $4 is null) changed at or after $2 (null: not asked).
 */
const checkAhead = prepared<{ scope: string; horizon: string; changed: boolean }>(`
  SELECT ${scopeFingerprint} AS scope,
    ${CHANGE_HORIZON}::text AS horizon,
    -- In the order of change times, which makes it a scan of the few changes since the horizon
    -- on products_updated_page_idx whatever the plan's estimates (as an EXISTS, its generic plan
    -- may scan the whole table, which then finds nothing: 10 ms a page, measured).
    $2::timestamptz IS NOT NULL AND (
      SELECT id FROM products WHERE updated_at >= $2::timestamptz AND id > $3::int AND ($4::int IS NULL OR id <= $4::int)
      ORDER BY updated_at LIMIT 1) IS NOT NULL AS changed`);

const byPool = new WeakMap<postgres.Sql, Map<string, Ahead>>();

function pagesOf(pool: postgres.Sql) {
  let pages = byPool.get(pool);
  if (!pages) byPool.set(pool, (pages = new Map()));
  return pages;
}

/**
 * The page under `key` if it was read ahead and nothing it reads has changed since (see
 * above), or null. Either way `check` is the scope and horizon as of now, for reading the
 * next page ahead without another statement.
 */
export async function takePageAhead(pool: postgres.Sql, key: string, distributorId: number, afterId: number): Promise<{ read: PageRead | null; check: Check | null }> {
  const pages = pagesOf(pool);
  const ahead = pages.get(key);
  if (!ahead) return { read: null, check: null };
  pages.delete(key);
  const read = ahead.expires > Date.now() ? await ahead.read : null;
  if (!read) return { read: null, check: null };
  const [now] = await checkAhead(pool, [distributorId, read.horizon, afterId, read.rangeEnd]);
  const check = { scope: now.scope, horizon: now.horizon };
  if (now.changed || now.scope !== read.scope) {
    pagesAhead.refused++;
    return { read: null, check };
  }
  pagesAhead.served++;
  return { read, check };
}

/**
 * Reads a page ahead under `key`, with `readPage` (the page's own statement). `check`, if
 * given, was read before this call (the scope and horizon the page is then checked against);
 * otherwise they are read first, in a statement of their own before the page's.
 */
export function readPageAhead(pool: postgres.Sql, key: string, distributorId: number, check: Check | null, readPage: () => Promise<PageRead>) {
  const pages = pagesOf(pool);
  const now = Date.now();
  for (const [k, ahead] of pages) if (ahead.expires <= now) pages.delete(k);
  while (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!);
  pagesAhead.started++;
  const read = (async () => {
    const before = check ?? (await checkAhead(pool, [distributorId, null, null, null]))[0];
    const page = { ...(await readPage()), scope: before.scope, horizon: before.horizon };
    pagesAhead.read++;
    return page;
  })().catch(() => null); // a page that could not be read ahead is read when asked
  pages.set(key, { read, expires: now + TTL_MS });
}
