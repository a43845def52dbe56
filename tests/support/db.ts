import { createDb, type Db } from '@/server/db/client';
import { getDb } from '@/server/db';

/** The test file's own database (DATABASE_URL is set by tests/setup/per-file-database.ts). */
export function testDb(): Db {
  return getDb();
}

/**
 * A separate pool on the same database, for tests that really race: `max` connections
 * so that `max` transactions run at the same time. Close it with `.$client.end()`.
 */
export function racingDb(max: number): Db {
  return createDb(process.env.DATABASE_URL!, { max, applicationName: 'supply-hub-race' });
}
