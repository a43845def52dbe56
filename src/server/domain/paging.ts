import { asc, count, desc, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgSelect, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';

/** Table paging: page numbers, because people jump to "page 7" of a list. */
export const pageInput = z.strictObject({
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});

export type PageInput = z.output<typeof pageInput>;

/**
 * One page of an ordered query (built with `.$dynamic()`), with how many rows of `table`
 * match `where` in all, for the pager.
 */
export async function pageOf<Q extends PgSelect>(db: DbOrTx, input: PageInput, query: Q, table: PgTable, where: SQL | undefined) {
  const [rows, [{ total }]] = await Promise.all([
    query.limit(input.pageSize).offset((input.page - 1) * input.pageSize) as unknown as Promise<Awaited<Q>>,
    db.select({ total: count() }).from(table).where(where),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

/**
 * ORDER BY a list's chosen column in the chosen direction, then by its id the same way: among
 * rows with equal values the id decides, so pages never repeat or skip a row.
 */
export function sortedBy(column: AnyColumn | SQL, id: AnyColumn, dir: 'asc' | 'desc'): SQL[] {
  const direction = dir === 'asc' ? asc : desc;
  return column === id ? [direction(id)] : [direction(column), direction(id)];
}

/** How many rows an export reads from the database at a time. */
export const EXPORT_BATCH = 1000;

/**
 * Every row of a query ordered by a unique increasing id, in batches, each starting after
 * the last id of the one before (keyset: no OFFSET, so the last batch of 100,000 rows costs
 * what the first does, and nothing is held open between batches).
 */
export async function* keysetBatches<T extends { id: number }>(
  fetch: (afterId: number, limit: number) => Promise<T[]>,
  batchSize = EXPORT_BATCH,
): AsyncGenerator<T[]> {
  let afterId = 0;
  for (;;) {
    const rows = await fetch(afterId, batchSize);
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    afterId = rows[rows.length - 1].id;
  }
}
