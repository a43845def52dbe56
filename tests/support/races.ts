import { sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '@/server/db/client';
import { DomainError } from '@/server/domain/errors';
import { racingDb, testDb } from './db';

/**
 * A racing pool of `connections` (racingDb) for one test file: opened before its tests,
 * closed after them. Returns the pool's getter, for contexts made inside the tests.
 */
export function useRacingDb(connections: number): () => Db {
  let race: Db | undefined;
  beforeAll(() => {
    race = racingDb(connections);
  });
  afterAll(async () => {
    await race?.$client.end();
  });
  return () => race!;
}

/** What a raced call came to: 'ok', its domain error code, or the error as text. */
export const outcomeCode = (r: PromiseSettledResult<unknown>): string =>
  r.status === 'fulfilled' ? 'ok' : r.reason instanceof DomainError ? r.reason.code : String(r.reason);

/**
 * Waits until a statement containing `queryText` waits for a lock (a row, a transaction whose
 * unique key it meets) in this test's database: the moment a race's other side is set up.
 */
export async function untilWaitingForLock(queryText: string, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    const [{ waiting }] = await testDb().execute<{ waiting: number }>(
      sql`select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and query like ${`%${queryText}%`} and datname = current_database()`,
    );
    if (waiting > 0) return;
    if (i > 600) throw new Error(`${what} never waited for the lock`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
