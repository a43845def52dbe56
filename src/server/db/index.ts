import { createDb, type Db } from './client';

export type { Db, Tx, DbOrTx } from './client';

declare global {
  var __supplyHubDb: Db | undefined;
}

/**
 * The app's pooled connection, opened on first use from DATABASE_URL (set by the start
 * script, which starts the embedded server when none is configured). Kept on globalThis
 * so that dev-mode reloads do not open a new pool each time.
 */
export function getDb(): Db {
  globalThis.__supplyHubDb ??= createDb(requireDatabaseUrl());
  return globalThis.__supplyHubDb;
}

function requireDatabaseUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Start the app with `npm start`, which provides one (see README).');
  }
  return url;
}
