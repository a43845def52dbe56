import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Db } from './client';

/**
 * Statements of the open API's hot path (signature admission, order creation), written as
 * fixed SQL text and sent as named prepared statements: PostgreSQL parses and plans each
 * once per connection, and the app builds no SQL per request. Everything else goes
 * through drizzle's query builder; these few are worth the difference under a flash sale
 * (BENCHMARKS.md).
 *
 * Parameters are typed by PostgreSQL from the text (`$1::int[]`), so pass JSON as text
 * with a `::text::jsonb` cast. Results come as postgres.js reads them on the pool drizzle
 * configured: bigint and timestamp columns as text, to convert.
 */
export type Statement<Row> = (client: postgres.Sql, params: readonly unknown[]) => postgres.PendingQuery<(Row & postgres.Row)[]>;

export function prepared<Row = postgres.Row>(text: string): Statement<Row> {
  return (client, params) => client.unsafe<(Row & postgres.Row)[]>(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
}

/** The pool under a drizzle database, for statements of our own. */
export function poolOf(db: unknown): postgres.Sql {
  const client = (db as Partial<Db>).$client;
  if (!client) throw new Error('This step needs the connection pool, not a transaction');
  return client;
}

/** A drizzle SQL fragment without parameters, as text for a prepared statement (one definition of a rule, in both). */
export function sqlText(fragment: SQL): string {
  const { sql: text, params } = new PgDialect().sqlToQuery(fragment);
  if (params.length) throw new Error('sqlText: the fragment must not carry parameters');
  return text;
}
