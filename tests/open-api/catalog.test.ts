import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiError, type Product } from '@/mall-client';
import type { Db } from '@/server/db/client';
import { categories, productDistributorGrants, productLevelGrants, products } from '@/server/db/schema';
import { bumpVersion } from '@/server/domain/catalog/product-events';
import { racingDb, testDb } from '@tests/support/db';
import { createBrand, createCategory, createLevel, createProduct } from '@tests/support/factories';
import { createMall, type Mall } from './support';

const db = () => testDb();

async function errorOf(promise: Promise<unknown>) {
  const e = await promise.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(OpenApiError);
  return e as OpenApiError;
}

async function collect(iterable: AsyncIterable<Product>) {
  const out: Product[] = [];
  for await (const p of iterable) out.push(p);
  return out;
}

describe('catalog endpoints', () => {
  let mall: Mall;
  let top: number, child: number, elsewhere: number, brandX: number, brandY: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    top = (await createCategory(db(), { name: '食品' })).id;
    child = (await createCategory(db(), { name: '零食', parentId: top })).id;
    elsewhere = (await createCategory(db(), { name: '数码' })).id;
    await createCategory(db(), { name: '停用类目' }).then((c) => db().update(categories).set({ status: 'disabled' }).where(eq(categories.id, c.id)));
    brandX = (await createBrand(db(), { name: '品牌X' })).id;
    brandY = (await createBrand(db(), { name: '品牌Y' })).id;
    const otherLevel = await createLevel(db(), { feeBps: 100 });
    mall = await createMall(db(), { feeBps: 800, selectCategoryIds: [top] });

    const make = async (key: string, values: Parameters<typeof createProduct>[1]) => {
      ids[key] = (await createProduct(db(), { brandId: brandX, supplyPrice: 1000, ...values })).id;
    };
    await make('snack', { categoryId: child, stock: 30, freight: 500, attributes: [{ name: '规格', value: '30包' }], images: ['a/1.jpg'] });
    await make('food', { categoryId: top, brandId: brandY });
    await make('soldOut', { categoryId: child, status: 'sold_out', stock: 0 });
    await make('offShelf', { categoryId: child, status: 'off_shelf' });
    await make('draft', { categoryId: child, status: 'draft' });
    await make('otherLevel', { categoryId: child, visibility: 'restricted' });
    await make('grantedLevel', { categoryId: child, visibility: 'restricted' });
    await make('grantedDistributor', { categoryId: child, visibility: 'restricted' });
    await make('digital', { categoryId: elsewhere });
    await db().insert(productLevelGrants).values([
      { productId: ids.otherLevel, levelId: otherLevel.id },
      { productId: ids.grantedLevel, levelId: mall.levelId },
    ]);
    await db().insert(productDistributorGrants).values({ productId: ids.grantedDistributor, distributorId: mall.distributorId });
  });

  it('lists the active category tree and the brands', async () => {
    const cats = await mall.client.categories();
    expect(cats).toEqual(
      expect.arrayContaining([
        { id: top, name: '食品', parentId: null },
        { id: child, name: '零食', parentId: top },
      ]),
    );
    expect(cats.map((c) => c.name)).not.toContain('停用类目');
    expect(await mall.client.brands()).toEqual(expect.arrayContaining([{ id: brandX, name: '品牌X' }, { id: brandY, name: '品牌Y' }]));
  });

  it('full sync: the listed products offered to this distributor, in its selection, priced for its level', async () => {
    const all = await collect(mall.client.allProducts());
    expect(all.map((p) => p.id).sort((a, b) => a - b)).toEqual([ids.snack, ids.food, ids.soldOut, ids.grantedLevel, ids.grantedDistributor].sort((a, b) => a - b));
    const snack = all.find((p) => p.id === ids.snack)!;
    expect(snack).toMatchObject({
      categoryId: child,
      stock: 30,
      supplyPrice: 1000,
      serviceFeeBps: 800,
      serviceFee: 80,
      agreedPrice: 1080,
      freight: 500,
      minQuantity: 1,
      status: 'on_sale',
      attributes: [{ name: '规格', value: '30包' }],
    });
    expect(snack.images[0]).toMatch(/^https?:\/\/.+\/uploads\/a\/1\.jpg$/);
    expect(all.find((p) => p.id === ids.soldOut)!.status).toBe('sold_out');
    // Nothing private leaks.
    expect(Object.keys(snack)).not.toEqual(expect.arrayContaining(['costPrice']));
    expect(JSON.stringify(all)).not.toMatch(/costPrice|supplierCostPrice/);
  });

  it('filters by category (with its subcategories) or brand instead of the selection', async () => {
    const byCategory = await collect(mall.client.allProducts({ categoryId: elsewhere }));
    expect(byCategory.map((p) => p.id)).toEqual([ids.digital]);
    const byTop = await collect(mall.client.allProducts({ categoryId: top }));
    expect(byTop.map((p) => p.id)).toContain(ids.snack);
    const byBrand = await collect(mall.client.allProducts({ brandId: brandY }));
    expect(byBrand.map((p) => p.id)).toEqual([ids.food]);
  });

  it('pages with opaque keyset cursors: every product once, null at the end', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await mall.client.products({ limit: 2, cursor });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('refuses bad limits and cursors that are not this query’s', async () => {
    for (const limit of [0, 501]) expect((await errorOf(mall.client.products({ limit }))).code).toBe('INVALID_REQUEST');
    expect((await mall.client.products({ limit: 500 })).data.length).toBe(5);
    const page = await mall.client.products({ limit: 1 });
    expect((await errorOf(mall.client.products({ limit: 1, cursor: page.nextCursor!, brandId: brandX }))).code).toBe('INVALID_REQUEST');
    expect((await errorOf(mall.client.products({ cursor: 'not-a-cursor' }))).code).toBe('INVALID_REQUEST');
    expect((await errorOf(mall.client.products({ updatedSince: 'yesterday' }))).code).toBe('INVALID_REQUEST');
  });

  it('shows one product offered to it; anything else is 404', async () => {
    expect(await mall.client.product(ids.snack)).toMatchObject({ id: ids.snack, agreedPrice: 1080 });
    expect((await mall.client.product(ids.digital)).id).toBe(ids.digital); // outside the selection, but offered
    expect((await mall.client.product(ids.offShelf)).status).toBe('unavailable');
    for (const id of [ids.otherLevel, ids.draft, 99_999_999]) expect((await errorOf(mall.client.product(id))).code).toBe('NOT_FOUND');
    expect((await errorOf(mall.client.request('GET', '/products/abc'))).code).toBe('INVALID_REQUEST');
  });

  it('answers batch stock; not offered reads unavailable, unknown ids are left out', async () => {
    const levels = await mall.client.stock([ids.snack, ids.soldOut, ids.otherLevel, 99_999_999]);
    expect(levels).toEqual([
      { productId: ids.snack, stock: 30, status: 'on_sale', version: expect.any(Number) },
      { productId: ids.soldOut, stock: 0, status: 'sold_out', version: expect.any(Number) },
      { productId: ids.otherLevel, stock: 0, status: 'unavailable', version: expect.any(Number) },
    ]);
    expect((await errorOf(mall.client.stock(Array.from({ length: 501 }, (_, i) => i + 1)))).code).toBe('INVALID_REQUEST');
    expect((await errorOf(mall.client.stock([]))).code).toBe('INVALID_REQUEST');
  });

  it('incremental sync lists every change since, withdrawn and no-longer-offered ones as unavailable', async () => {
    const since = new Date(Date.now() - 5).toISOString();
    await new Promise((r) => setTimeout(r, 10));
    await db().update(products).set({ stock: 29, ...bumpVersion() }).where(eq(products.id, ids.snack));
    await db().update(products).set({ status: 'off_shelf', ...bumpVersion() }).where(eq(products.id, ids.food));
    await db().update(products).set({ visibility: 'restricted', ...bumpVersion() }).where(eq(products.id, ids.soldOut));
    const changed = await collect(mall.client.allProducts({ updatedSince: since }));
    expect(changed.map((p) => [p.id, p.status])).toEqual([
      [ids.snack, 'on_sale'],
      [ids.food, 'unavailable'],
      [ids.soldOut, 'unavailable'],
    ]);
    expect(changed[0].stock).toBe(29);
    // A product no longer offered says so without its prices.
    expect(changed[2]).toMatchObject({ supplyPrice: 0, agreedPrice: 0, stock: 0, images: [] });
    // Pages of an incremental sync keep (updatedAt, id) order.
    const paged: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await mall.client.products({ updatedSince: since, limit: 1, cursor });
      paged.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(changed.map((p) => p.id));
  });

  describe('with transactions committing out of order', () => {
    let race: Db;
    beforeAll(() => {
      race = racingDb(2);
    });
    afterAll(async () => {
      await race.$client.end();
    });

    it('never skips a change that commits after a later one', async () => {
      const first = await createProduct(db(), { categoryId: child });
      const second = await createProduct(db(), { categoryId: child });
      await new Promise((r) => setTimeout(r, 10));
      let mallSince = new Date().toISOString();

      // T1 changes `first` and stays open; T2 changes `second` later and commits first.
      let releaseT1!: () => void;
      const t1Holds = new Promise<void>((r) => (releaseT1 = r));
      let t1Changed!: () => void;
      const t1HasChanged = new Promise<void>((r) => (t1Changed = r));
      const t1 = race.transaction(async (tx) => {
        await tx.update(products).set({ title: 'T1', ...bumpVersion() }).where(eq(products.id, first.id));
        t1Changed();
        await t1Holds;
      });
      await t1HasChanged;
      await race.transaction(async (tx) => {
        await tx.update(products).set({ title: 'T2', ...bumpVersion() }).where(eq(products.id, second.id));
      });
      const seen = new Map<number, string>();
      try {
        // The mall syncs while T1 is still open, and moves its mark to the newest change it saw.
        for (const p of await collect(mall.client.allProducts({ updatedSince: mallSince }))) {
          seen.set(p.id, p.title);
          if (p.updatedAt > mallSince) mallSince = p.updatedAt;
        }
        expect(seen.has(first.id)).toBe(false); // not committed yet: it cannot be seen
      } finally {
        releaseT1();
        await t1;
      }
      for (const p of await collect(mall.client.allProducts({ updatedSince: mallSince }))) seen.set(p.id, p.title);
      expect(seen.get(first.id)).toBe('T1');
      expect(seen.get(second.id)).toBe('T2');
    });
  });

  it('keeps distributors apart: prices follow each one’s level', async () => {
    const other = await createMall(db(), { feeBps: 500, selectCategoryIds: [top] });
    const [mine, theirs] = await Promise.all([mall.client.product(ids.snack), other.client.product(ids.snack)]);
    expect([mine.agreedPrice, theirs.agreedPrice]).toEqual([1080, 1050]);
    expect((await errorOf(other.client.product(ids.grantedDistributor))).code).toBe('NOT_FOUND');
    const theirList = await collect(other.client.allProducts());
    expect(theirList.map((p) => p.id)).not.toContain(ids.grantedDistributor);
    const rows = await db().select().from(products).where(inArray(products.id, [ids.grantedDistributor]));
    expect(rows).toHaveLength(1);
  });
});
