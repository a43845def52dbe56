import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Product } from '@/mall-client';
import { distributorCategories, distributorLevels, products } from '@/server/db/schema';
import { toMallProduct } from '@/server/domain/catalog/mall-product';
import { bumpVersion } from '@/server/domain/catalog/product-events';
import { listProductsInput, listProductsPage, type CatalogCtx } from '@/server/domain/mall/catalog';
import { pagesAhead } from '@/server/domain/mall/pages-ahead';
import { testDb } from '@tests/support/db';
import { createCategory, createDistributorAccount, createProduct } from '@tests/support/factories';

/**
 * A full sync's next page is read ahead once a page is answered (domain/mall/pages-ahead.ts).
 * What the mall then gets must be what a request at the moment it asks could have answered:
 * served as read ahead when nothing it reads changed, read again after any change to its
 * products (committed late, too), to the distributor's fee or selection.
 */
const db = testDb();
const LIMIT = 2;

describe('full-sync pages read ahead', () => {
  let ctx: CatalogCtx;
  let levelId: number;
  let category: number;
  let ids: number[];

  beforeAll(async () => {
    const d = await createDistributorAccount(db, { feeBps: 300 });
    ctx = { db, actor: { kind: 'mall', distributorId: d.distributorId } };
    levelId = d.levelId;
    category = (await createCategory(db, { name: '预读类目' })).id;
    await db.insert(distributorCategories).values({ distributorId: d.distributorId, categoryId: category });
    ids = [];
    for (let i = 0; i < 9; i++) ids.push((await createProduct(db, { categoryId: category, supplyPrice: 1000 + i, stock: 10 + i })).id);
  });

  /** Every listed product of the selection mapped by toMallProduct: what a page read now must hold. */
  async function expected(afterId: number) {
    const [level] = await db.select().from(distributorLevels).where(eq(distributorLevels.id, levelId));
    const rows = await db
      .select()
      .from(products)
      .where(eq(products.categoryId, category))
      .orderBy(asc(products.id));
    return rows.filter((p) => p.id > afterId && (p.status === 'on_sale' || p.status === 'sold_out')).map((p) => toMallProduct(p, level.feeBps, true));
  }

  /** A page, and the next one read ahead before this returns. */
  async function page(cursor?: string) {
    const read = pagesAhead.read;
    const out = (await listProductsPage(ctx, listProductsInput.parse({ limit: LIMIT, cursor }))).parse();
    if (out.nextCursor) await vi.waitFor(() => expect(pagesAhead.read).toBeGreaterThan(read));
    return out;
  }

  async function expectPage(p: { data: Product[] }, afterId: number) {
    expect(JSON.stringify(p.data)).toBe(JSON.stringify((await expected(afterId)).slice(0, LIMIT)));
  }

  it('serves the pages read ahead while nothing changes, exactly what a fresh read gives', async () => {
    const before = { ...pagesAhead };
    const all: Product[] = [];
    let cursor: string | undefined;
    do {
      const p = await page(cursor);
      all.push(...p.data);
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(JSON.stringify(all)).toBe(JSON.stringify(await expected(0)));
    // Nine products in pages of two: five pages, the last four read ahead and served so.
    expect(pagesAhead.served - before.served).toBe(4);
    expect(pagesAhead.refused - before.refused).toBe(0);
  });

  it('reads a page again when a product in its range changed, was withdrawn or a fee changed since it was read ahead', async () => {
    const first = await page();
    const refused = pagesAhead.refused;
    // The next page holds ids[2] and ids[3]: a title changes in it.
    await db.update(products).set({ title: '预读之后改的标题', ...bumpVersion() }).where(eq(products.id, ids[3]));
    const second = await page(first.nextCursor!);
    expect(second.data.map((p) => p.title)).toContain('预读之后改的标题');
    await expectPage(second, ids[1]);
    expect(pagesAhead.refused).toBe(refused + 1);

    // Withdrawn: the page then reaches one product further.
    await db.update(products).set({ status: 'off_shelf', ...bumpVersion() }).where(eq(products.id, ids[4]));
    const third = await page(second.nextCursor!);
    expect(third.data.map((p) => p.id)).toEqual([ids[5], ids[6]]);
    await expectPage(third, ids[3]);
    expect(pagesAhead.refused).toBe(refused + 2);

    // The level's fee: every price of the next page.
    await db.update(distributorLevels).set({ feeBps: 1234 }).where(eq(distributorLevels.id, levelId));
    const fourth = await page(third.nextCursor!);
    expect(fourth.data[0].serviceFeeBps).toBe(1234);
    await expectPage(fourth, ids[6]);
    expect(pagesAhead.refused).toBe(refused + 3);
  });

  it('serves a page read ahead when only products beyond its range changed', async () => {
    const first = await page();
    const served = pagesAhead.served;
    // The next page holds the 3rd and 4th listed products and looks one further (the 5th); the last is beyond.
    await db.update(products).set({ title: '范围之外', ...bumpVersion() }).where(eq(products.id, ids[8]));
    const second = await page(first.nextCursor!);
    expect(pagesAhead.served).toBe(served + 1);
    await expectPage(second, first.data.at(-1)!.id);
  });

  it('reads a page again when a change made before it was read ahead commits after', async () => {
    const first = await page();
    const refused = pagesAhead.refused;
    const late = (await expected(first.data.at(-1)!.id))[0];
    await db.transaction(async (tx) => {
      // Stamped now, committed after the next page was read ahead (by then answered, on another connection).
      await tx.update(products).set({ stock: 777, ...bumpVersion() }).where(eq(products.id, late.id));
      const read = pagesAhead.read;
      await listProductsPage(ctx, listProductsInput.parse({ limit: LIMIT, cursor: undefined }));
      await vi.waitFor(() => expect(pagesAhead.read).toBeGreaterThan(read));
    });
    const second = await page(first.nextCursor!);
    expect(second.data.find((p) => p.id === late.id)?.stock).toBe(777);
    await expectPage(second, first.data.at(-1)!.id);
    expect(pagesAhead.refused).toBe(refused + 1);
  });
});
