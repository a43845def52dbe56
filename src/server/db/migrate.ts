import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { Logger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import { connectPostgres } from './connect';

/** Any fixed number: the advisory lock that lets one app server migrate while others wait. */
const MIGRATION_LOCK = 720_130_001;

/**
 * Applies the committed migrations in ./drizzle and graphile-worker's own schema.
 * Several app servers may start at once on one database: an advisory lock makes
 * them take turns, and the ones that come later find nothing left to do.
 */
export async function migrateDatabase(url: string, migrationsFolder = path.join(process.cwd(), 'drizzle')) {
  const sql = connectPostgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder });
    await runWorkerMigrations({ connectionString: url, logger: quietLogger() });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end();
  }
}

function quietLogger() {
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error' || level === 'warning') console.error(`[worker] ${message}`);
  });
}
