import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { retailMargin } from '@/lib/money';
import { brands, categories, distributorLevels, users } from '@/server/db/schema';
import type { SessionIdentity } from '@/server/domain/accounts/session';
import { seedDemoData } from '@/server/db/seed';
import { testDb } from '@tests/support/db';
import { createStaff, identityOf } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const db = testDb();

async function distributorIdentity(username: string): Promise<SessionIdentity> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return identityOf({ kind: 'distributor', userId: u.id, distributorId: u.distributorId! }, username);
}

describe('the price list and the margin calculator (on the demo data)', () => {
  let d1: SessionIdentity;
  let d2: SessionIdentity;
  beforeAll(async () => {
    await seedDemoData(db, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'prices-seed-')), log: () => {} });
    d1 = await distributorIdentity('distributor1');
    d2 = await distributorIdentity('distributor2');
  });

  const bySku = async (who: SessionIdentity, input: Parameters<ReturnType<typeof callerAs>['distributor']['prices']['list']>[0] = {}) => {
    const list = await callerAs(who).distributor.prices.list({ pageSize: 200, ...input });
    return new Map(list.rows.map((r) => [r.skuCode, r]));
  };

  it("prices the worked example's product A at each distributor's own level", async () => {
    const a2 = (await bySku(d2)).get('DEMO-A')!;
    expect(a2).toMatchObject({ supplyPrice: 1000, serviceFeeBps: 500, serviceFee: 50, agreedPrice: 1050, stock: 100, minQuantity: 2, status: 'on_sale' });
    const a1 = (await bySku(d1)).get('DEMO-A')!;
    expect(a1).toMatchObject({ supplyPrice: 1000, serviceFeeBps: 800, serviceFee: 80, agreedPrice: 1080 });
    // Retail 100.00 × 2 at D0002's agreed price: 21.00 to the hub, 179.00 of margin.
    expect(retailMargin(a2.agreedPrice, 10_000, 2)).toEqual({ agreedTotal: 2_100, retailTotal: 20_000, marginPerUnit: 8_950, margin: 17_900 });
  });

  it('lists exactly what is offered: each level its own fixed-stock copy, nothing unsold or under review', async () => {
    const one = await bySku(d1);
    const two = await bySku(d2);
    expect(one.has('DEMO-B-1')).toBe(true);
    expect(one.has('DEMO-B-2')).toBe(false);
    expect(two.has('DEMO-B-2')).toBe(true);
    expect(two.has('DEMO-B-1')).toBe(false);
    for (const hidden of ['P-HOME-003', 'S1-DRINK-002', 'S2-SKIN-002']) expect(two.has(hidden)).toBe(false);
    // The supplier's and the platform's costs are never in it.
    expect(JSON.stringify([...two.values()])).not.toMatch(/costPrice|supplierCost/);
  });

  it('filters by category (with its subcategories), brand, search and status, and pages', async () => {
    const [food] = await db.select().from(categories).where(eq(categories.name, '食品饮料'));
    const [snacks] = await db.select().from(categories).where(eq(categories.name, '休闲零食'));
    const [brand] = await db.select().from(brands).where(eq(brands.name, '声动'));
    const inFood = await bySku(d2, { categoryId: food.id });
    expect(inFood.has('DEMO-A')).toBe(true); // 休闲零食 is under 食品饮料
    expect(inFood.has('DEMO-FLASH')).toBe(true); // 饮料冲调 too
    expect([...inFood.values()].every((p) => ['休闲零食', '饮料冲调'].includes(p.categoryName))).toBe(true);
    expect([...(await bySku(d2, { categoryId: snacks.id })).values()].every((p) => p.categoryName === '休闲零食')).toBe(true);
    expect([...(await bySku(d2, { brandId: brand.id })).keys()].sort()).toEqual(['P-DIGI-003', 'P-DIGI-004']);
    expect([...(await bySku(d2, { search: 'demo-a' })).keys()]).toEqual(['DEMO-A']);
    expect([...(await bySku(d2, { search: '坚果礼盒' })).keys()]).toEqual(['DEMO-A']);
    expect((await bySku(d2, { status: 'sold_out' })).size).toBe(0);

    const page1 = await callerAs(d2).distributor.prices.list({ pageSize: 5 });
    const page2 = await callerAs(d2).distributor.prices.list({ pageSize: 5, page: 2 });
    expect(page1.total).toBe((await bySku(d2)).size);
    expect(page1.rows).toHaveLength(5);
    expect(page2.rows[0].id).toBeGreaterThan(page1.rows[4].id);
  });

  it('sorts by agreed price or stock either way on the server, ties by id, across pages', async () => {
    const all = (await callerAs(d2).distributor.prices.list({ pageSize: 200 })).rows;
    const expected = (key: 'agreedPrice' | 'stock', dir: 1 | -1) => [...all].sort((a, b) => dir * (a[key] - b[key] || a.id - b.id)).map((r) => r.id);
    const ids = async (input: { sort: 'price' | 'stock'; dir: 'asc' | 'desc'; page?: number; pageSize?: number }) =>
      (await callerAs(d2).distributor.prices.list({ pageSize: 200, ...input })).rows.map((r) => r.id);
    expect(await ids({ sort: 'price', dir: 'asc' })).toEqual(expected('agreedPrice', 1));
    expect(await ids({ sort: 'price', dir: 'desc' })).toEqual(expected('agreedPrice', -1));
    expect(await ids({ sort: 'stock', dir: 'desc' })).toEqual(expected('stock', -1));
    // Page 2 of 5 is the next five in the same order.
    expect(await ids({ sort: 'price', dir: 'desc', page: 2, pageSize: 5 })).toEqual(expected('agreedPrice', -1).slice(5, 10));
    expect(new Set(all.map((r) => r.agreedPrice)).size).toBeGreaterThan(3);
  });

  it('reprices from the moment a level’s rate changes', async () => {
    const staff = await createStaff(db);
    const [level] = await db.select().from(distributorLevels).where(eq(distributorLevels.name, '高级分销商'));
    await callerAs(staff.identity).admin.levels.update({ id: level.id, name: level.name, feeBps: 1000, rateLimitPerSecond: 50, rateLimitBurst: 100 });
    expect((await bySku(d2)).get('DEMO-A')).toMatchObject({ serviceFeeBps: 1000, agreedPrice: 1100 });
    // The other level is untouched.
    expect((await bySku(d1)).get('DEMO-A')).toMatchObject({ agreedPrice: 1080 });
    await callerAs(staff.identity).admin.levels.update({ id: level.id, name: level.name, feeBps: 500, rateLimitPerSecond: 50, rateLimitBurst: 100 });
    expect((await bySku(d2)).get('DEMO-A')).toMatchObject({ agreedPrice: 1050 });
  });

  it('selects by category or by brand, and the price list can show only the selection', async () => {
    const [snacks] = await db.select().from(categories).where(eq(categories.name, '休闲零食'));
    const [brand] = await db.select().from(brands).where(eq(brands.name, '极速'));
    const selection = callerAs(d2).distributor.selection;
    await selection.set({ mode: 'category', categoryIds: [snacks.id], brandIds: [brand.id] });
    const got = await selection.get();
    expect(got).toMatchObject({ mode: 'category', categoryIds: [snacks.id], brandIds: [brand.id] });
    expect(got.categories.find((c) => c.id === snacks.id)!.offeredCount).toBeGreaterThan(0);
    const selected = await bySku(d2, { selectedOnly: true });
    expect([...selected.values()].every((p) => p.categoryName === '休闲零食' && p.selected)).toBe(true);
    expect((await bySku(d2)).get('P-DIGI-001')!.selected).toBe(false);

    await selection.set({ mode: 'brand', categoryIds: [snacks.id], brandIds: [brand.id] });
    expect([...(await bySku(d2, { selectedOnly: true })).keys()].sort()).toEqual(['P-DIGI-001', 'P-DIGI-002']);

    await expect(selection.set({ mode: 'brand', categoryIds: [], brandIds: [999_999] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await selection.get()).brandIds).toEqual([brand.id]);
    // Saves racing each other do not collide: the last one stands whole.
    await Promise.all([1, 2, 3].map(() => selection.set({ mode: 'category', categoryIds: [snacks.id], brandIds: [] })));
    expect(await selection.get()).toMatchObject({ mode: 'category', categoryIds: [snacks.id], brandIds: [] });
  });
});
