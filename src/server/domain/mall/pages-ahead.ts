import type postgres from 'postgres';
import { prepared } from '@/server/db/prepared';
import type { AdmittedRead } from '@/server/open-api/rate-limit';

/**
 * Full-sync pages read ahead: once a page of a full sync is answered, the server reads the
 * next ones (same distributor, filters and limit, the cursors it gives out), so that the
 * mall's next request, after its signature and admission, finds its page ready: PostgreSQL
 * builds it while the mall parses the page before and while this server reads the request.
 * Two pages are kept in flight beyond the one answered (`DEPTH`), each read as soon as the
 * one before it is: PostgreSQL then builds pages one after another while the mall works,
 * instead of waiting for each request's turn. A page nobody asks for within a few seconds is
 * dropped; each app server keeps its own (at most MAX_PAGES, a few MB).
 *
 * A page read ahead is served only if a request at the moment of asking could have been
 * answered the same, which one short check proves, sent when the request comes (in the
 * admission's own statement for a signed request: `admittedCheck`): nothing the page reads
 * has changed since it was read.
 * - Its products: every product change stamps `updated_at`, and a change the page's read
 *   could not see is stamped at or after a change horizon read before it (the argument of
 *   `safeChangeHorizon`, catalog.ts; any horizon read earlier will do, it only refuses
 *   more). So no product with an id in the page's range (after the cursor, up to the row
 *   that told there is a next page; to the end if none) may have changed since that
 *   horizon: a product that changed, became listed, was withdrawn or added there refuses
 *   the page. (Products are never deleted, only withdrawn, and the database refuses a
 *   deletion, drizzle/0024: it would leave no change to see.) Visibility grants change
 *   only with the product (`setVisibility` bumps it).
 * - The distributor's side (`SCOPE_VERSION`): its level, the level's fee, its selection
 *   mode and chosen categories and brands, and the category tree, unchanged between the
 *   check before the read and the one when asked.
 * Otherwise the page is read again, as if never read ahead. Incremental syncs are never read
 * ahead: each page takes its own change horizon when asked.
 */

export type PageRead = { bytes: Buffer; nextAfter: number | null; rangeEnd: number | null };
/** The distributor's scope and the change horizon, read before a page read ahead. */
export type Check = { scope: string; horizon: string };
/** What a request checks: its page read ahead (after `afterId`, read after `horizon`, reaching `rangeEnd`), or nothing (horizon null). */
export type CheckArgs = { horizon: string | null; afterId: number; rangeEnd: number | null };
export type Checked = Check & { changed: boolean };
/** A page being read ahead, and the scope version it is checked against. */
type Ahead = { read: Promise<(PageRead & Check) | null>; expires: number; scope: string };

const TTL_MS = 3_000;
const MAX_PAGES = 16;
/** Pages in flight beyond the one answered. */
const DEPTH = 2;

/** Counts for tests and profiles: pages being read ahead, read, served as read, and read again when asked. */
export const pagesAhead = { started: 0, read: 0, served: 0, refused: 0 };

/**
 * Everything on the distributor's side that a catalog page reads, as one number that grows
 * with every committed change to any of it (`catalogScopeVersion`, drizzle/0023: it was an
 * md5 over all of it, a sixth of the admission statement's time).
 */
const SCOPE_VERSION = `(SELECT version FROM catalog_scope_version)::text`;

/** The change horizon, as text of SQL (see `safeChangeHorizon`, catalog.ts, which reads it too). */
export const CHANGE_HORIZON = `least(now(), (SELECT min(xact_start) FROM pg_stat_activity
  WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()))`;

/**
 * The scope and the change horizon now, and whether any product in (`after`, `end`] (to the
 * end if `end` is null) changed at or after `horizon` (null: not asked).
 */
const checkColumns = (c: { horizon: string; after: string; end: string }) => `
  ${SCOPE_VERSION} AS scope,
  ${CHANGE_HORIZON}::text AS horizon,
  -- In the order of change times, which makes it a scan of the few changes since the horizon
  -- on products_updated_page_idx whatever the plan's estimates (as an EXISTS, its generic plan
  -- may scan the whole table, which then finds nothing: 10 ms a page, measured).
  ${c.horizon} IS NOT NULL AND (
    SELECT id FROM products WHERE updated_at >= ${c.horizon} AND id > ${c.after} AND (${c.end} IS NULL OR id <= ${c.end})
    ORDER BY updated_at LIMIT 1) IS NOT NULL AS changed`;

/** The check in a statement of its own (a request that is not admitted: the distributor's portal, tests). */
const checkAhead = prepared<Checked>(`SELECT ${checkColumns({ horizon: '$1::timestamptz', after: '$2::int', end: '$3::int' })}`);

export function checkAlone(pool: postgres.Sql, args: CheckArgs): Promise<Checked> {
  return checkAhead(pool, [args.horizon, args.afterId, args.rangeEnd]).then(([row]) => row);
}

/**
 * The check in the admission's statement (open-api/rate-limit.ts `admitAndRead`): a signed
 * page request takes one round trip for both. It is read for admitted requests only, as the
 * admission's transaction sees the database when the request has come.
 */
export const admittedCheck: AdmittedRead<CheckArgs, Checked> = {
  inputs: [
    { name: 'ahead_horizon', type: 'text[]', of: (c) => c.horizon },
    { name: 'ahead_after', type: 'int[]', of: (c) => c.afterId },
    { name: 'ahead_end', type: 'int[]', of: (c) => c.rangeEnd },
  ],
  columns: 'ahead.scope, ahead.horizon, ahead.changed',
  join: `left join lateral (select ${checkColumns({
    horizon: 'decided.ahead_horizon::timestamptz',
    after: 'decided.ahead_after',
    end: 'decided.ahead_end',
  })} where decided.answered) ahead on true`,
  result: (row) => ({ scope: row.scope as string, horizon: row.horizon as string, changed: row.changed === true }),
};

const byPool = new WeakMap<postgres.Sql, Map<string, Ahead>>();

function pagesOf(pool: postgres.Sql) {
  let pages = byPool.get(pool);
  if (!pages) byPool.set(pool, (pages = new Map()));
  return pages;
}

/**
 * The page under `key` if it was read ahead (and is still fresh), taken out; null if not.
 * It is served only once `check` proves nothing it reads has changed since (see above).
 */
export async function takePageAhead(pool: postgres.Sql, key: string): Promise<(PageRead & Check) | null> {
  const pages = pagesOf(pool);
  const ahead = pages.get(key);
  if (!ahead) return null;
  pages.delete(key);
  return ahead.expires > Date.now() ? await ahead.read : null;
}

/** Whether a page read ahead may be served, by its check (`Checked` of `CheckArgs` with its horizon and range); counted. */
export function stillFresh(read: Check, now: Checked): boolean {
  const fresh = !now.changed && now.scope === read.scope;
  if (fresh) pagesAhead.served++;
  else pagesAhead.refused++;
  return fresh;
}

/**
 * Reads ahead the page after `afterId` (under `key(afterId)`) with `readPage`, unless it is
 * read or being read already against the same scope (one read before a scope change would
 * only be refused), and once it is read, the page after it, `depth` pages in all.
 * `check` was read before this call: the scope and horizon the pages are checked against.
 */
export function readPagesAhead(pool: postgres.Sql, key: (afterId: number) => string, afterId: number, check: Check, readPage: (afterId: number) => Promise<PageRead>, depth = DEPTH) {
  if (depth <= 0) return;
  const pages = pagesOf(pool);
  let ahead = pages.get(key(afterId));
  if (!ahead || ahead.scope !== check.scope) {
    pages.delete(key(afterId));
    const now = Date.now();
    for (const [k, old] of pages) if (old.expires <= now) pages.delete(k);
    while (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!);
    pagesAhead.started++;
    const read = readPage(afterId).then(
      (page) => {
        pagesAhead.read++;
        return { ...page, scope: check.scope, horizon: check.horizon };
      },
      () => null, // a page that could not be read ahead is read when asked
    );
    pages.set(key(afterId), (ahead = { read, expires: now + TTL_MS, scope: check.scope }));
  }
  void ahead.read.then((page) => {
    if (page?.nextAfter != null) readPagesAhead(pool, key, page.nextAfter, check, readPage, depth - 1);
  });
}
