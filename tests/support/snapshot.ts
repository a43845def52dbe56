/**
 * Every row of every table, to prove that a refused call changed nothing (the tenant
 * matrix, the fuzzers). One statement reads the whole test database: each row as its jsonb
 * text, which is the same text for the same content.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { testDb } from './db';

export type Row = Record<string, unknown>;
/** Per table: each row's text → how many such rows. */
export type Snapshot = Map<string, Map<string, number>>;

let prepared = false;

/**
 * Reads every row of every table in one call of a function made for this test database
 * (PL/pgSQL keeps its plan: planning the union of fifty tables each time costs more than
 * reading them). Made on the first snapshot, for the tables there are then.
 */
async function ensureSnapshotFunction() {
  if (prepared) return;
  // Outside any transaction of the caller's: one rolled back must not take the function with it.
  const db = testDb();
  const tables = (await db.execute(sql`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and (table_schema = 'public' or (table_schema = 'graphile_worker' and table_name = '_private_jobs'))
    order by 1, 2`)) as unknown as { schema: string; name: string }[];
  const body = tables
    .map(({ schema, name }) => `select '${schema === 'public' ? name : `${schema}.${name}`}'::text, to_jsonb(x)::text from "${schema}"."${name}" x`)
    .join(' union all ');
  await db.execute(sql.raw(`create or replace function test_snapshot_rows() returns table (t text, r text) language plpgsql stable as $fn$ begin return query ${body}; end $fn$`));
  prepared = true;
}

/** Takes a transaction too: a snapshot inside it sees the transaction's own writes. */
export async function snapshot(db: DbOrTx): Promise<Snapshot> {
  await ensureSnapshotFunction();
  const rows = (await db.execute(sql`select t, r from test_snapshot_rows()`)) as unknown as { t: string; r: string }[];
  const out: Snapshot = new Map();
  for (const { t, r } of rows) {
    const table = out.get(t) ?? new Map<string, number>();
    table.set(r, (table.get(r) ?? 0) + 1);
    out.set(t, table);
  }
  return out;
}

export type Change = { table: string; change: 'added' | 'removed'; row: Row };

/** The rows that appeared or went away between two snapshots (an update is one of each). */
export function changes(before: Snapshot, after: Snapshot): Change[] {
  const out: Change[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(table) ?? new Map<string, number>();
    const a = after.get(table) ?? new Map<string, number>();
    for (const [text, n] of a) for (let i = (b.get(text) ?? 0); i < n; i++) out.push({ table, change: 'added', row: JSON.parse(text) as Row });
    for (const [text, n] of b) for (let i = (a.get(text) ?? 0); i < n; i++) out.push({ table, change: 'removed', row: JSON.parse(text) as Row });
  }
  return out;
}

/**
 * Tables that record requests rather than business: the open API's request log (written in
 * batches after the answer, refused requests too). What a request changes is the rest.
 */
const REQUEST_LOGS = new Set(['api_request_log']);

export function businessChanges(list: Change[]): Change[] {
  return list.filter((c) => !REQUEST_LOGS.has(c.table));
}

/** For a failing assertion: what changed, shortly. */
export function describeChanges(list: Change[], max = 6): string {
  return list
    .slice(0, max)
    .map((c) => `${c.change} in ${c.table}: ${JSON.stringify(c.row).slice(0, 300)}`)
    .concat(list.length > max ? [`… and ${list.length - max} more`] : [])
    .join('\n');
}

/** The tenant a row belongs to, by the columns that name one. */
export type Tenant = { distributorIds?: number[]; supplierIds?: number[]; userIds?: number[]; orderIds?: number[] };

export function belongsTo(change: Change, tenant: Tenant): boolean {
  const { row, table } = change;
  const has = (column: string, ids: number[] | undefined) => ids !== undefined && row[column] != null && ids.includes(Number(row[column]));
  return (
    has('distributor_id', tenant.distributorIds) ||
    has('supplier_id', tenant.supplierIds) ||
    has('owner_supplier_id', tenant.supplierIds) ||
    has('user_id', tenant.userIds) ||
    has('order_id', tenant.orderIds) ||
    (table === 'distributors' && has('id', tenant.distributorIds)) ||
    (table === 'suppliers' && has('id', tenant.supplierIds)) ||
    (table === 'users' && has('id', tenant.userIds)) ||
    (table === 'orders' && has('id', tenant.orderIds))
  );
}
