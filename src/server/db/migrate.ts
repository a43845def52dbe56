import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { Logger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import { TASK_NAMES } from '../jobs/task-names';
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
    await registerTaskNames(sql);
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end();
  }
}

/**
 * Registers every task's name with graphile-worker now, instead of at the first add_job
 * of each. A task name is a unique row: in a database where no worker has started yet,
 * the first business transactions that queue jobs of two kinds (deliver_callback,
 * announce_stock) each insert one name and then wait on the other's, while holding the
 * product rows they changed: a deadlock (seen in tests/invariants/races.test.ts). Once
 * the names exist, add_job inserts none. graphile-worker 0.16 (pinned) keeps them in
 * _private_tasks and registers them the same way when a worker starts.
 */
async function registerTaskNames(sql: ReturnType<typeof connectPostgres>) {
  await sql`insert into graphile_worker._private_tasks (identifier) select unnest(${[...TASK_NAMES]}::text[]) on conflict do nothing`;
}

function quietLogger() {
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error' || level === 'warning') console.error(`[worker] ${message}`);
  });
}
