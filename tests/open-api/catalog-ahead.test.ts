import { and, asc, eq, gt } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { signRequest, type Product } from '@/mall-client';
import { categories, distributorBrands, distributorCategories, distributorLevels, distributors, products } from '@/server/db/schema';
import { toMallProduct } from '@/server/domain/catalog/mall-product';
import { bumpVersion } from '@/server/domain/catalog/product-events';
import { inSelection, listedFor } from '@/server/domain/catalog/visibility';
import { distributorScope, listProductsInput, listProductsPage, type CatalogCtx } from '@/server/domain/mall/catalog';
import { pagesAhead } from '@/server/domain/mall/pages-ahead';
import { testDb } from '@tests/support/db';
import { createBrand, createCategory, createDistributorAccount, createLevel, createProduct } from '@tests/support/factories';
import { createMall, rawFetch, setDistributor, type Mall } from './support';

/**
 * A full sync's next page is read ahead once a page is answered (domain/mall/pages-ahead.ts).
 * What the mall then gets must be what a request at the moment it asks could have answered:
 * served as read ahead when nothing it reads changed, read again after any change to its
 * products (committed late, too), to the distributor's fee or selection.
 */
const db = testDb();
const LIMIT = 2;

/** Every listed product of the category after `afterId`, mapped by toMallProduct: what a page read now must hold. */
async function listedAfter(category: number, levelId: number, afterId: number) {
  const [level] = await db.select().from(distributorLevels).where(eq(distributorLevels.id, levelId));
  const rows = await db.select().from(products).where(eq(products.categoryId, category)).orderBy(asc(products.id));
  return rows.filter((p) => p.id > afterId && (p.status === 'on_sale' || p.status === 'sold_out')).map((p) => toMallProduct(p, level.feeBps, true));
}

/** Every page of a full sync, one after another, as a mall walks them. */
async function walk(page: (cursor?: string) => Promise<{ data?: Product[]; nextCursor?: string | null }>) {
  const all: Product[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    all.push(...p.data!);
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Until every page being read ahead is read (the next ones start as each is read). */
async function settled() {
  await vi.waitFor(() => expect(pagesAhead.read).toBe(pagesAhead.started));
}

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

  const expected = (afterId: number) => listedAfter(category, levelId, afterId);

  /** A page, once the pages it has read ahead are read. */
  async function page(cursor?: string) {
    const out = (await listProductsPage(ctx, listProductsInput.parse({ limit: LIMIT, cursor }))).parse();
    await settled();
    return out;
  }

  async function expectPage(p: { data: Product[] }, afterId: number) {
    expect(JSON.stringify(p.data)).toBe(JSON.stringify((await expected(afterId)).slice(0, LIMIT)));
  }

  it('serves the pages read ahead while nothing changes, exactly what a fresh read gives', async () => {
    const before = { ...pagesAhead };
    const all = await walk(page);
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
    const refused = pagesAhead.refused;
    // The first product of the second page.
    const late = (await expected(0))[LIMIT];
    let first: Awaited<ReturnType<typeof page>> | undefined;
    await db.transaction(async (tx) => {
      // Stamped now, committed after the next pages were read ahead (by then answered, on other connections).
      await tx.update(products).set({ stock: 777, ...bumpVersion() }).where(eq(products.id, late.id));
      first = await page();
    });
    const second = await page(first!.nextCursor!);
    expect(second.data.find((p) => p.id === late.id)?.stock).toBe(777);
    await expectPage(second, first!.data.at(-1)!.id);
    expect(pagesAhead.refused).toBe(refused + 1);
  });
});

describe('full-sync pages read ahead, after a change to the distributor’s scope', () => {
  let ctx: CatalogCtx;
  let distributorId: number;
  let otherLevel: number;
  let chosen: number, sub: number, other: number;
  let mine: number, theirs: number;

  beforeAll(async () => {
    const d = await createDistributorAccount(db, { feeBps: 300 });
    distributorId = d.distributorId;
    ctx = { db, actor: { kind: 'mall', distributorId } };
    otherLevel = (await createLevel(db, { feeBps: 800 })).id;
    chosen = (await createCategory(db, { name: '范围类目' })).id;
    sub = (await createCategory(db, { name: '范围子类目', parentId: chosen })).id;
    other = (await createCategory(db, { name: '范围外类目' })).id;
    mine = (await createBrand(db, { name: '范围品牌' })).id;
    theirs = (await createBrand(db, { name: '范围外品牌' })).id;
    await db.insert(distributorCategories).values({ distributorId, categoryId: chosen });
    // Chosen ahead, read once the distributor selects by brand.
    await db.insert(distributorBrands).values({ distributorId, brandId: mine });
    const placed = [chosen, sub, other];
    for (let i = 0; i < 12; i++) await createProduct(db, { categoryId: placed[i % 3], brandId: i % 2 ? mine : theirs, supplyPrice: 3000 + i, stock: 30 + i });
  });

  /** The page after `afterId` as the distributor's scope makes it now, by the same rules mapped in JavaScript. */
  async function expectedPage(afterId: number) {
    const d = await distributorScope(db, distributorId);
    const rows = await db
      .select()
      .from(products)
      .where(and(inSelection(d), listedFor(d), gt(products.id, afterId)))
      .orderBy(asc(products.id))
      .limit(LIMIT);
    return rows.map((p) => toMallProduct(p, d.feeBps, true));
  }

  async function page(cursor?: string) {
    const out = (await listProductsPage(ctx, listProductsInput.parse({ limit: LIMIT, cursor }))).parse();
    await settled();
    return out;
  }

  it('reads the next page again after any change to what the distributor is offered, and answers the change', async () => {
    const changes: [string, () => Promise<unknown>][] = [
      ['its level', () => db.update(distributors).set({ levelId: otherLevel }).where(eq(distributors.id, distributorId))],
      ['its level’s fee', () => db.update(distributorLevels).set({ feeBps: 850 }).where(eq(distributorLevels.id, otherLevel))],
      ['its selection mode, to brands', () => db.update(distributors).set({ selectionMode: 'brand' }).where(eq(distributors.id, distributorId))],
      ['a brand chosen', () => db.insert(distributorBrands).values({ distributorId, brandId: theirs })],
      ['a brand dropped', () => db.delete(distributorBrands).where(and(eq(distributorBrands.distributorId, distributorId), eq(distributorBrands.brandId, mine)))],
      ['its selection mode, back to categories', () => db.update(distributors).set({ selectionMode: 'category' }).where(eq(distributors.id, distributorId))],
      ['a category chosen', () => db.insert(distributorCategories).values({ distributorId, categoryId: other })],
      ['a category dropped', () => db.delete(distributorCategories).where(and(eq(distributorCategories.distributorId, distributorId), eq(distributorCategories.categoryId, other)))],
      ['the category tree: a subcategory moved out of a chosen one', () => db.update(categories).set({ parentId: other }).where(eq(categories.id, sub))],
    ];
    for (const [change, make] of changes) {
      const first = await page();
      expect(JSON.stringify(first.data), change).toBe(JSON.stringify(await expectedPage(0)));
      const refused = pagesAhead.refused;
      const before = JSON.stringify(await expectedPage(first.data.at(-1)!.id));
      await make();
      const second = await page(first.nextCursor!);
      const now = JSON.stringify(await expectedPage(first.data.at(-1)!.id));
      expect(now, `${change} changes the page`).not.toBe(before);
      expect(JSON.stringify(second.data), change).toBe(now);
      expect(pagesAhead.refused, change).toBe(refused + 1);
    }
  });

  it('still serves the page read ahead after changes that leave the distributor’s offer as it was', async () => {
    const unchanged: [string, () => Promise<unknown>][] = [
      ['its name', () => db.update(distributors).set({ name: '改名的分销商' }).where(eq(distributors.id, distributorId))],
      ['a category’s name', () => db.update(categories).set({ name: '改名的类目' }).where(eq(categories.id, chosen))],
    ];
    for (const [change, make] of unchanged) {
      const first = await page();
      const served = pagesAhead.served;
      await make();
      const second = await page(first.nextCursor!);
      expect(JSON.stringify(second.data), change).toBe(JSON.stringify(await expectedPage(first.data.at(-1)!.id)));
      expect(pagesAhead.served, change).toBe(served + 1);
    }
  });
});

/**
 * Over the open API the check of a page read ahead goes in the request's admission, one
 * statement for both (pages-ahead.ts `admittedCheck`): it must refuse a stale page there as
 * alone, and a refused request must get its refusal, never a page.
 */
describe('full-sync pages read ahead, checked in the admission’s statement', () => {
  let mall: Mall;
  let category: number;
  let ids: number[];

  beforeAll(async () => {
    category = (await createCategory(db, { name: '预读准入类目' })).id;
    mall = await createMall(db, { selectCategoryIds: [category], feeBps: 500 });
    ids = [];
    for (let i = 0; i < 7; i++) ids.push((await createProduct(db, { categoryId: category, supplyPrice: 2000 + i, stock: 20 + i })).id);
  });

  const target = (cursor?: string) => `/api/open/v1/products?limit=${LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

  async function signedPage(cursor?: string, sign: { nonce?: string } = {}) {
    const headers = signRequest(mall.credentials, { method: 'GET', pathAndQuery: target(cursor) }, sign);
    const response = await rawFetch(target(cursor), { headers });
    const json = (await response.json()) as { data?: Product[]; nextCursor?: string | null; error?: { code: string } };
    await settled();
    return { status: response.status, headers, ...json };
  }

  const fresh = (afterId: number) => listedAfter(category, mall.levelId, afterId);

  it('serves pages read ahead while nothing changes, equal to fresh reads, every product once', async () => {
    const before = { ...pagesAhead };
    const all = await walk(async (cursor) => {
      const page = await signedPage(cursor);
      expect(page.status).toBe(200);
      return page;
    });
    expect(JSON.stringify(all)).toBe(JSON.stringify(await fresh(0)));
    // Seven products in pages of two: four pages, the last three read ahead and served so.
    expect(pagesAhead.served - before.served).toBe(3);
    expect(pagesAhead.refused - before.refused).toBe(0);
  });

  it('refuses a page read ahead whose product changed since, in the admission’s statement, and answers the change', async () => {
    const first = await signedPage();
    const refused = pagesAhead.refused;
    await db.update(products).set({ supplyPrice: 9999, ...bumpVersion() }).where(eq(products.id, ids[2]));
    const second = await signedPage(first.nextCursor!);
    expect(second.status).toBe(200);
    expect(pagesAhead.refused).toBe(refused + 1);
    expect(second.data!.find((p) => p.id === ids[2])?.supplyPrice).toBe(9999);
    expect(JSON.stringify(second.data)).toBe(JSON.stringify((await fresh(ids[1])).slice(0, LIMIT)));
  });

  it('a replayed or rate-limited page request gets its refusal, not the page read ahead', async () => {
    const first = await signedPage();
    const served = pagesAhead.served;
    // The same signed request again: its nonce is spent.
    const replay = await rawFetch(target(), { headers: first.headers });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { data?: unknown; error: { code: string } }).error.code).toBe('NONCE_REUSED');

    await setDistributor(db, mall.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 1 });
    try {
      // The bucket holds one token at most: of two requests at once for the page read ahead, one is refused.
      const [a, b] = await Promise.all([signedPage(first.nextCursor!), signedPage(first.nextCursor!)]);
      const limited = [a, b].filter((p) => p.status === 429);
      expect(limited).toHaveLength(1);
      expect(limited[0].error!.code).toBe('RATE_LIMITED');
      expect(limited[0].data).toBeUndefined();
      const ok = [a, b].find((p) => p.status === 200)!;
      expect(JSON.stringify(ok.data)).toBe(JSON.stringify((await fresh(first.data!.at(-1)!.id)).slice(0, LIMIT)));
      expect(pagesAhead.served).toBeLessThanOrEqual(served + 1);
    } finally {
      await setDistributor(db, mall.distributorId, { rateLimitPerSecond: null, rateLimitBurst: null });
    }
  });
});
