import { createDb, type Db } from '@/server/db/client';

let db: Db | undefined;

/** The connection pool the worker's tasks share (opened on first use). */
export function jobDb(): Db {
  if (!db) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set for the worker');
    db = createDb(url, { max: 5, applicationName: 'supply-hub-worker' });
  }
  return db;
}

export async function closeJobDb() {
  if (db) await db.$client.end();
  db = undefined;
}
