import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { connectPostgres } from './connect';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Verbs that may run inside a caller's transaction take either. */
export type DbOrTx = Db | Tx;

/**
 * Connections per app process. The open API's hot paths send their statements in batches
 * (db/batch.ts: a few connections busy at a time however many malls call), and a slow
 * portal query or a sweep must not make them wait for a connection.
 */
const DEFAULT_POOL_SIZE = 20;

export type CreateDbOptions = { max?: number; applicationName?: string };

export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const client = connectPostgres(url, {
    max: options.max ?? Number(process.env.DATABASE_POOL_SIZE ?? DEFAULT_POOL_SIZE),
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? 'supply-hub',
      // A business step holds row locks for milliseconds; one that idles inside a
      // transaction is a bug, and must not block stock or balances for everyone else.
      idle_in_transaction_session_timeout: 30_000,
    },
  });
  return drizzle(client, { schema }) as Db;
}
