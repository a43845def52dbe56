import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '@/server/db/schema';
import { listProducts, listProductsInput } from '@/server/domain/mall/catalog';
import { testDb } from '@tests/support/db';
import { createCategory, createDistributorAccount, createLevel, createProduct, createStaff } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const db = testDb();

async function productEvents(distributorId: number, productId: number) {
  const rows = await db.select().from(outboxEvents).where(and(eq(outboxEvents.distributorId, distributorId), eq(outboxEvents.type, 'product.updated')));
  return rows.map((r) => r.data as { id: number; agreedPrice: number; serviceFeeBps: number }).filter((d) => d.id === productId);
}

describe("a level's new fee rate reaches its malls", () => {
  it('tells the level’s malls the new agreed prices, by callback and by incremental sync; other levels hear nothing', async () => {
    const staff = await createStaff(db);
    const level = await createLevel(db, { feeBps: 800 });
    const other = await createLevel(db, { feeBps: 800 });
    const category = await createCategory(db);
    const mine = await createDistributorAccount(db, { levelId: level.id });
    const theirs = await createDistributorAccount(db, { levelId: other.id });
    const product = await createProduct(db, { supplyPrice: 1000, categoryId: category.id });
    const before = new Date();
    await new Promise((r) => setTimeout(r, 5));

    await callerAs(staff.identity).admin.levels.update({ id: level.id, name: level.name, feeBps: 500, rateLimitPerSecond: 50, rateLimitBurst: 100 });

    expect(await productEvents(mine.distributorId, product.id)).toEqual([expect.objectContaining({ serviceFeeBps: 500, agreedPrice: 1050 })]);
    expect(await productEvents(theirs.distributorId, product.id)).toEqual([]);

    // A mall that syncs incrementally from before the change sees the product again, repriced.
    const page = await listProducts(
      { db, actor: { kind: 'mall', distributorId: mine.distributorId } },
      listProductsInput.parse({ updatedSince: before.toISOString(), categoryId: category.id }),
    );
    expect(page.data.find((p) => p.id === product.id)).toMatchObject({ serviceFeeBps: 500, agreedPrice: 1050 });
  });

  it('changes nothing for the malls when only the name or rate limits change', async () => {
    const staff = await createStaff(db);
    const level = await createLevel(db, { feeBps: 800 });
    const d = await createDistributorAccount(db, { levelId: level.id });
    const product = await createProduct(db, { supplyPrice: 1000 });
    await callerAs(staff.identity).admin.levels.update({ id: level.id, name: `${level.name}改`, feeBps: 800, rateLimitPerSecond: 10, rateLimitBurst: 20 });
    expect(await productEvents(d.distributorId, product.id)).toEqual([]);
  });
});
