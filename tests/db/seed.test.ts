import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/lib/crypto';
import { distributorLevels, distributors, ledgerEntries, productLevelGrants, products, suppliers, users, wallets } from '@/server/db/schema';
import { DEMO_OPENING_BALANCE, seedDemoData, type DemoCredentials } from '@/server/db/seed';
import { verifyPassword } from '@/server/domain/accounts/passwords';
import { testDb } from '@tests/support/db';

describe('demo data', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-test-'));
  let creds: DemoCredentials;

  beforeAll(async () => {
    creds = await seedDemoData(testDb(), { dataDir, log: () => {} });
  });

  it('has product A of the worked example with exactly its values', async () => {
    const [a] = await testDb().select().from(products).where(eq(products.skuCode, 'DEMO-A'));
    expect(a).toMatchObject({
      ownerSupplierId: null,
      costPrice: 500,
      supplyPrice: 1000,
      stock: 100,
      minQuantity: 2,
      status: 'on_sale',
      visibility: 'all',
      freight: 0,
    });
  });

  it('has the flash-sale product for load tests', async () => {
    const [flash] = await testDb().select().from(products).where(eq(products.skuCode, 'DEMO-FLASH'));
    expect(flash).toMatchObject({ ownerSupplierId: null, supplyPrice: 100, stock: 1_000_000, minQuantity: 1, status: 'on_sale' });
  });

  it("has the supplier example of settlement: supplier1's DEMO-S at its supply price of 80.00", async () => {
    const db = testDb();
    const [s] = await db.select().from(products).where(eq(products.skuCode, 'DEMO-S'));
    const [owner] = await db.select().from(users).where(eq(users.username, 'supplier1'));
    expect(s).toMatchObject({ ownerSupplierId: owner.supplierId, costPrice: 8000, supplyPrice: 9900, status: 'on_sale', freight: 0 });
  });

  it('has at least 20 products over several categories and brands', async () => {
    const [row] = await testDb()
      .select({
        n: sql<number>`count(*)::int`,
        categories: sql<number>`count(distinct ${products.categoryId})::int`,
        brands: sql<number>`count(distinct ${products.brandId})::int`,
      })
      .from(products);
    expect(row.n).toBeGreaterThanOrEqual(20);
    expect(row.categories).toBeGreaterThanOrEqual(3);
    expect(row.brands).toBeGreaterThanOrEqual(3);
  });

  it('gives each supplier products on sale and one awaiting review, within its categories and brands', async () => {
    const db = testDb();
    for (const username of ['supplier1', 'supplier2']) {
      const [user] = await db.select().from(users).where(eq(users.username, username));
      expect(user.role).toBe('supplier');
      const own = await db.select().from(products).where(eq(products.ownerSupplierId, user.supplierId!));
      expect(own.filter((p) => p.status === 'on_sale').length).toBeGreaterThan(0);
      expect(own.filter((p) => p.status === 'pending_review')).toHaveLength(1);
      const assigned = await db.execute<{ category_id: number }>(sql`select category_id from supplier_categories where supplier_id = ${user.supplierId}`);
      const assignedBrands = await db.execute<{ brand_id: number }>(sql`select brand_id from supplier_brands where supplier_id = ${user.supplierId}`);
      for (const p of own) {
        expect(assigned.map((r) => r.category_id)).toContain(p.categoryId);
        expect(assignedBrands.map((r) => r.brand_id)).toContain(p.brandId);
      }
    }
    expect(await db.select().from(suppliers)).toHaveLength(2);
  });

  it('has the two levels and the two distributors with 10,000.00 each, backed by the ledger', async () => {
    const db = testDb();
    const levels = await db.select().from(distributorLevels);
    expect(levels.map((l) => [l.name, l.feeBps]).sort()).toEqual([
      ['初级分销商', 800],
      ['高级分销商', 500],
    ].sort());
    const rows = await db
      .select({ code: distributors.code, level: distributorLevels.name, balance: wallets.balance, whitelist: distributors.ipWhitelist, id: distributors.id })
      .from(distributors)
      .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
      .innerJoin(wallets, eq(wallets.distributorId, distributors.id))
      .orderBy(distributors.code);
    expect(rows.map((r) => [r.code, r.level, r.balance])).toEqual([
      ['D0001', '初级分销商', DEMO_OPENING_BALANCE],
      ['D0002', '高级分销商', DEMO_OPENING_BALANCE],
    ]);
    for (const r of rows) {
      expect(r.whitelist).toEqual(['127.0.0.1', '::1']);
      const [sum] = await db.select({ s: sql<number>`sum(${ledgerEntries.amount})::bigint` }).from(ledgerEntries).where(eq(ledgerEntries.distributorId, r.id));
      expect(Number(sum.s)).toBe(r.balance);
    }
    const portalLogins = await db.select({ username: users.username, distributorId: users.distributorId }).from(users).where(eq(users.role, 'distributor'));
    expect(portalLogins.map((u) => u.username).sort()).toEqual(['distributor1', 'distributor2']);
  });

  it('keeps fixed per-level stock the seed way: one listing per level', async () => {
    const db = testDb();
    const grants = await db
      .select({ sku: products.skuCode, level: distributorLevels.name })
      .from(productLevelGrants)
      .innerJoin(products, eq(products.id, productLevelGrants.productId))
      .innerJoin(distributorLevels, eq(distributorLevels.id, productLevelGrants.levelId));
    expect(grants).toEqual(expect.arrayContaining([{ sku: 'DEMO-B-1', level: '初级分销商' }, { sku: 'DEMO-B-2', level: '高级分销商' }]));
  });

  it('writes the credentials file in the documented shape, and they work', async () => {
    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
    expect(file).toEqual(creds);
    expect(file.logins.map((l) => [l.role, l.username])).toEqual([
      ['admin', 'admin'],
      ['supplier', 'supplier1'],
      ['supplier', 'supplier2'],
      ['distributor', 'distributor1'],
      ['distributor', 'distributor2'],
    ]);
    const db = testDb();
    for (const login of file.logins) {
      const [user] = await db.select().from(users).where(eq(users.username, login.username));
      expect(await verifyPassword(user.passwordHash, login.password)).toBe(true);
    }
    expect(file.distributors.map((d) => [d.code, d.level])).toEqual([
      ['D0001', '初级分销商'],
      ['D0002', '高级分销商'],
    ]);
    for (const d of file.distributors) {
      const [row] = await db.select().from(distributors).where(eq(distributors.code, d.code));
      expect(row.appKey).toBe(d.key);
      expect(d.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
      // Stored encrypted, never in plain text.
      expect(row.secretCiphertext).not.toContain(d.secret);
      expect(decryptSecret(row.secretCiphertext)).toBe(d.secret);
      expect(decryptSecret(row.webhookSecretCiphertext)).toBe(d.webhookSecret);
    }
  });

  it('uses fresh random passwords and secrets on every seeding', () => {
    const passwords = creds.logins.map((l) => l.password);
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const p of passwords) expect(p.length).toBeGreaterThanOrEqual(12);
  });

  it('refuses to seed a database that already has accounts', async () => {
    await expect(seedDemoData(testDb(), { dataDir, log: () => {} })).rejects.toThrow(/already has accounts/);
  });
});
