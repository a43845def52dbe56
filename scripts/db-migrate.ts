/** `npm run db:migrate`: applies the migrations to DATABASE_URL, or to the embedded database. */
import { env } from '@/server/config/env';
import { migrateDatabase } from '@/server/db/migrate';
import { acquireDataDirLock, openDatabase } from '@/server/db/runtime';

if (!process.env.DATABASE_URL) acquireDataDirLock(env.dataDir);
const database = await openDatabase(env.dataDir);
try {
  await migrateDatabase(database.url);
  console.log('Migrations applied.');
} finally {
  await database.stop();
}
