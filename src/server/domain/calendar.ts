import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/server/db/client';
import { BUSINESS_TIME_ZONE } from './wallet/statement';

/** Charts per day in the portals: China's calendar days, by the database's clock. */

/**
 * A timestamp column as its calendar day (YYYY-MM-DD). The zone is written into the SQL
 * rather than bound, so that the same expression in SELECT and GROUP BY is one expression
 * to PostgreSQL.
 */
export const businessDay = (column: PgColumn) => sql<string>`to_char((${column} AT TIME ZONE ${sql.raw(`'${BUSINESS_TIME_ZONE}'`)})::date, 'YYYY-MM-DD')`;

/** The start of a calendar day (YYYY-MM-DD) in China, `plusDays` later, as a timestamptz. */
export const dayStartAt = (day: string, plusDays = 0): SQL => sql`((${day}::date + ${plusDays}::int)::timestamp AT TIME ZONE ${BUSINESS_TIME_ZONE})`;

/** The start of the first of the last `days` days, as a timestamptz. */
export const startOfRecentDays = (days: number): SQL => sql`((now() AT TIME ZONE ${BUSINESS_TIME_ZONE})::date - ${days - 1}::int)::timestamp AT TIME ZONE ${BUSINESS_TIME_ZONE}`;

/** The last `days` calendar days, oldest first, today included. */
export async function recentDays(db: DbOrTx, days: number): Promise<string[]> {
  const rows = await db.execute<{ day: string }>(sql`
    SELECT to_char(d, 'YYYY-MM-DD') AS day
    FROM generate_series((now() AT TIME ZONE ${BUSINESS_TIME_ZONE})::date - ${days - 1}::int, (now() AT TIME ZONE ${BUSINESS_TIME_ZONE})::date, interval '1 day') AS d
    ORDER BY d`);
  return rows.map((r) => r.day);
}

/** Pivots (day, key, n) rows into one row per day with a count per key, zeros filled in. */
export function countsPerDay<K extends string>(days: string[], keys: readonly K[], rows: { day: string; key: K; n: number }[]) {
  return days.map((day) => ({ day, ...(Object.fromEntries(keys.map((k) => [k, rows.find((r) => r.day === day && r.key === k)?.n ?? 0])) as Record<K, number>) }));
}
