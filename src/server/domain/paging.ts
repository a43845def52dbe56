import { count, type SQL } from 'drizzle-orm';
import type { PgSelect, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';

/** Table paging: page numbers, because people jump to "page 7" of a list. */
export const pageInput = z.object({
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
