import { bigint, customType, timestamp } from 'drizzle-orm/pg-core';

/**
 * PostgreSQL's 64-bit transaction id. Rows stamped with `pg_current_xact_id()` can be
 * read in commit-safe order: everything below `pg_snapshot_xmin(pg_current_snapshot())`
 * belongs to finished transactions, so a cursor over (xid, id) never skips a row that
 * commits late. Carried as a decimal string: it does not fit a JS number safely.
 */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
});

/** Money in fen: `bigint` in the database, a plain integer in TypeScript (exact up to 2^53). */
export const fen = (name: string) => bigint(name, { mode: 'number' });

/** Every time is a `timestamptz`, read as a JS Date. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => tstz('created_at').notNull().defaultNow();
export const updatedAt = () => tstz('updated_at').notNull().defaultNow();
