/**
 * `npm run db:seed`: writes the demo data into an empty database (DATABASE_URL, or the
 * embedded one). A new embedded database is seeded by `npm start` on its own; a real
 * database only by this command.
 */
import { env } from '@/server/config/env';
import { ensureAppSecrets } from '@/server/config/secrets';
import { createDb } from '@/server/db/client';
import { migrateDatabase } from '@/server/db/migrate';
import { acquireDataDirLock, openDatabase } from '@/server/db/runtime';
import { seedDemoData } from '@/server/db/seed';

if (!process.env.DATABASE_URL) acquireDataDirLock(env.dataDir);
ensureAppSecrets(env.dataDir);
const database = await openDatabase(env.dataDir);
const db = createDb(database.url, { max: 2 });
try {
  await migrateDatabase(database.url);
  await seedDemoData(db, { dataDir: env.dataDir });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await db.$client.end();
  await database.stop();
}
