import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrateDatabase } from '@/server/db/migrate';

describe('migrations', () => {
  const { adminUrl } = inject('testDatabase');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `hub_empty_${randomBytes(4).toString('hex')}`;
  const url = (() => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  })();

  afterAll(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it('build the whole model on an empty database, and several servers may run them at once', async () => {
    await admin.unsafe(`create database "${name}"`);
    // Three app servers starting together: the advisory lock makes them take turns.
    await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const tables = (await sql`select table_name from information_schema.tables where table_schema = 'public'`).map((r) => r.table_name);
      for (const t of [
        'users', 'suppliers', 'supplier_categories', 'supplier_brands', 'categories', 'brands', 'attributes', 'products',
        'product_level_grants', 'product_distributor_grants', 'distributor_levels', 'distributors', 'distributor_categories',
        'distributor_brands', 'wallets', 'ledger_entries', 'topup_requests', 'orders', 'order_items', 'packages',
        'after_sales_cases', 'supplier_earnings', 'supplier_bills', 'bill_lines', 'outbox_events', 'webhook_deliveries',
        'api_nonces', 'rate_limit_buckets', 'audit_log', 'login_failures',
      ]) {
        expect(tables).toContain(t);
      }
      const [{ n }] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(n).toBeGreaterThanOrEqual(3);
      // graphile-worker's queue lives in the same database.
      const [worker] = await sql`select to_regproc('graphile_worker.add_job') is not null as ok`;
      expect(worker.ok).toBe(true);
      // A second run finds nothing to do.
      await migrateDatabase(url);
      const [{ n: again }] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(again).toBe(n);
    } finally {
      await sql.end();
    }
  });
});
