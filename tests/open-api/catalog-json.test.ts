import { and, asc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '@/mall-client';
import { distributorBrands, distributorCategories, distributors, productDistributorGrants, productLevelGrants, products } from '@/server/db/schema';
import { env } from '@/server/config/env';
import { jsonEscapedBase, readyMallProductJson, toMallProduct } from '@/server/domain/catalog/mall-product';
import { bumpVersion } from '@/server/domain/catalog/product-events';
import { inCategoryTree, inSelection, listedFor, offeredTo } from '@/server/domain/catalog/visibility';
import { distributorScope, listProductsInput, listProductsPage, type CatalogCtx } from '@/server/domain/mall/catalog';
import { encodeCursor } from '@/server/domain/mall/cursor';
import { cancelOrder } from '@/server/domain/orders/cancel';
import { createOrder } from '@/server/domain/orders/create';
import { testDb } from '@tests/support/db';
import { createBrand, createCategory, createDistributorAccount, createLevel, createProduct, createSupplierAccount } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';
import { catalogWorld, storedImage, supplierProductForm } from '../catalog/helpers';
import { RECEIVER } from './support';

/**
 * The catalog's pages are built as JSON by PostgreSQL (`mallProductJson`); every other
 * view of a product for a mall (callbacks, GET /products/{id}, the price list) maps rows
 * with `toMallProduct`. Here the two must agree, field for field and in the same order,
 * over products that differ in every way the mapping looks at: the pages, joined, equal
 * the rows the same rules select mapped by `toMallProduct`, serialised.
 */
const db = testDb();

type Scope = Awaited<ReturnType<typeof distributorScope>>;
type Filters = { categoryId?: number; brandId?: number };

function scopeOf(d: Scope, filters: Filters): SQL[] {
  const scope: SQL[] = [];
  if (filters.categoryId !== undefined) scope.push(inCategoryTree(filters.categoryId));
  if (filters.brandId !== undefined) scope.push(eq(products.brandId, filters.brandId));
  if (filters.categoryId === undefined && filters.brandId === undefined) scope.push(inSelection(d));
  return scope;
}

/** Full sync the way it was before the JSON was built in PostgreSQL: rows mapped by toMallProduct. */
async function mappedFull(distributorId: number, filters: Filters = {}): Promise<Product[]> {
  const d = await distributorScope(db, distributorId);
  const rows = await db
    .select()
    .from(products)
    .where(and(...scopeOf(d, filters), listedFor(d)))
    .orderBy(asc(products.id));
  return rows.map((p) => toMallProduct(p, d.feeBps, true));
}

async function mappedSince(distributorId: number, since: string, filters: Filters = {}): Promise<Product[]> {
  const d = await distributorScope(db, distributorId);
  const rows = await db
    .select({ product: products, offered: sql<boolean>`${offeredTo(d)}` })
    .from(products)
    .where(and(...scopeOf(d, filters), gte(products.updatedAt, new Date(since))))
    .orderBy(asc(products.updatedAt), asc(products.id));
  return rows.map((r) => toMallProduct(r.product, d.feeBps, r.offered));
}

/** Every page of a sync, as the text PostgreSQL built; the products joined and serialised again as JavaScript would. */
async function pagesOf(distributorId: number, query: Record<string, string | number>, limit: number) {
  const ctx: CatalogCtx = { db, actor: { kind: 'mall', distributorId } };
  const all: Product[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listProductsPage(ctx, listProductsInput.parse({ ...query, limit, cursor }));
    // In ASCII, as every answer (drizzle/0021): the titles' Chinese and emoji as \u escapes.
    expect(page.bytes.findIndex((b) => b >= 0x80)).toBe(-1);
    const parsed = page.parse();
    expect(Object.keys(parsed)).toEqual(['data', 'nextCursor']);
    expect(parsed.data.length).toBeLessThanOrEqual(limit);
    if (parsed.nextCursor) {
      // The cursor is the one encodeCursor writes, of the page's last product.
      const decoded = JSON.parse(Buffer.from(parsed.nextCursor, 'base64url').toString('utf8')) as { m: string; t?: string; id: number };
      expect(encodeCursor(decoded)).toBe(parsed.nextCursor);
      expect(Object.keys(decoded)).toEqual(query.updatedSince ? ['m', 'f', 't', 'id'] : ['m', 'f', 'id']);
      expect(decoded).toMatchObject({ m: query.updatedSince ? 'since' : 'full', id: parsed.data.at(-1)!.id });
    }
    all.push(...parsed.data);
    cursor = parsed.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { all, pages };
}

/** Same keys in the same order, same values of the same types: the serialisations are equal. */
function expectSame(actual: Product[], expected: Product[]) {
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('catalog pages built by PostgreSQL equal the domain mapping', () => {
  let top: number, child: number, other: number, brandA: number, brandB: number;
  let cheap: Awaited<ReturnType<typeof createDistributorAccount>>;
  let dear: Awaited<ReturnType<typeof createDistributorAccount>>;
  let byBrand: Awaited<ReturnType<typeof createDistributorAccount>>;
  let since: string;

  beforeAll(async () => {
    top = (await createCategory(db, { name: 'JSON 类目' })).id;
    child = (await createCategory(db, { name: 'JSON 子类目', parentId: top })).id;
    other = (await createCategory(db, { name: 'JSON 别的类目' })).id;
    brandA = (await createBrand(db, { name: 'JSON 品牌A' })).id;
    brandB = (await createBrand(db, { name: 'JSON 品牌B' })).id;
    // Fee rates whose fees round half up (5000 bps of 1 fen is 0.5 fen), and an odd one.
    cheap = await createDistributorAccount(db, { feeBps: 5000 });
    dear = await createDistributorAccount(db, { feeBps: 777 });
    byBrand = await createDistributorAccount(db, { feeBps: 0 });
    for (const d of [cheap, dear]) await db.insert(distributorCategories).values({ distributorId: d.distributorId, categoryId: top });
    await db.update(distributors).set({ selectionMode: 'brand' }).where(eq(distributors.id, byBrand.distributorId));
    await db.insert(distributorBrands).values({ distributorId: byBrand.distributorId, brandId: brandB });
    const supplier = await createSupplierAccount(db);
    const otherLevel = await createLevel(db, { feeBps: 100 });
    since = new Date(Date.now() - 1000).toISOString();

    const make = (values: Parameters<typeof createProduct>[1]) => createProduct(db, { categoryId: child, brandId: brandA, ...values });
    await make({ supplyPrice: 1, images: ['products/2026-12/0a1b2c3d.jpg', 'products/2026-12/ffee.png'], detailImages: ['products/2026-12/d1.webp'] });
    await make({ supplyPrice: 3, images: [], detailImages: [], attributes: [] });
    await make({ supplyPrice: 0, freight: 1200, minQuantity: 5, stock: 0, status: 'sold_out' });
    await make({
      categoryId: top,
      brandId: brandB,
      supplyPrice: 123_456_789,
      title: 'Quotes " \\ back\\slash, tab\t, newline\n, control \u0001\u001f, emoji 😀, line sep \u2028, 中文',
      attributes: [
        { name: '规格', value: '30包 "大"' },
        { name: 'a\nb', value: '\\' },
      ],
      // Keys that need escaping, absolute URLs (kept as they are), and the odd ones.
      images: ['商品图/主图 1.jpg', 'a+b/c d?e#f&g=h%20.png', 'https://cdn.example.com/x.jpg', 'http://cdn.example.com/y.jpg', "safe-_.!~*'()/x.jpg", '', 'HTTPS://upper.example/z.jpg', 'é/ü\u00a0ß'],
      detailImages: ['/leading/slash.jpg', 'trailing/', 'a//b', '%41'],
    });
    await make({ supplyPrice: 999, ownerSupplierId: supplier.supplierId, supplierCostPrice: 10, costPrice: 999 });
    await make({ status: 'off_shelf' });
    await make({ status: 'draft' });
    await make({ status: 'pending_review', supplyPrice: null, ownerSupplierId: supplier.supplierId, supplierCostPrice: 5 });
    await make({ status: 'rejected' });
    const restricted = await make({ visibility: 'restricted', brandId: brandB });
    const toDear = await make({ visibility: 'restricted' });
    const toOtherLevel = await make({ visibility: 'restricted', brandId: brandB });
    await make({ categoryId: other, brandId: brandB });
    await db.insert(productLevelGrants).values([
      { productId: restricted.id, levelId: cheap.levelId },
      { productId: toOtherLevel.id, levelId: otherLevel.id },
    ]);
    await db.insert(productDistributorGrants).values({ productId: toDear.id, distributorId: dear.distributorId });
    for (let i = 0; i < 7; i++) await make({ supplyPrice: 1000 + i * 333, stock: i, images: [`products/2026-12/${i}.jpg`] });
  });

  it('full sync, by the selection, a category or a brand, in pages of any size', async () => {
    for (const d of [cheap, dear, byBrand]) {
      for (const filters of [{}, { categoryId: top }, { categoryId: other }, { brandId: brandB }, { categoryId: top, brandId: brandA }] as Filters[]) {
        const expected = await mappedFull(d.distributorId, filters);
        for (const limit of [1, 4, 500]) {
          const { all, pages } = await pagesOf(d.distributorId, { ...filters }, limit);
          expectSame(all, expected);
          expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
        }
      }
    }
    // The mix above is really there: the JSON path met escapes, absolute URLs and rounding.
    const full = await mappedFull(cheap.distributorId);
    expect(full.length).toBeGreaterThan(10);
    expect(full.flatMap((p) => p.images)).toEqual(expect.arrayContaining(['https://cdn.example.com/x.jpg', expect.stringMatching(/%E5%95%86/)]));
    expect(full.find((p) => p.supplyPrice === 1)).toMatchObject({ serviceFee: 1, agreedPrice: 2 });
  });

  it('incremental sync: every change since, withdrawn and not-offered ones as unavailable without their prices', async () => {
    // Changes that take products away from some distributors: off shelf, restricted to another level.
    const [first, second] = await db.select({ id: products.id }).from(products).where(and(eq(products.categoryId, child), eq(products.status, 'on_sale'))).orderBy(asc(products.id)).limit(2);
    await db.update(products).set({ status: 'off_shelf', ...bumpVersion() }).where(eq(products.id, first.id));
    await db.update(products).set({ visibility: 'restricted', ...bumpVersion() }).where(eq(products.id, second.id));
    for (const d of [cheap, dear, byBrand]) {
      for (const filters of [{}, { categoryId: top }, { brandId: brandB }] as Filters[]) {
        const expected = await mappedSince(d.distributorId, since, filters);
        for (const limit of [1, 3, 500]) {
          const { all } = await pagesOf(d.distributorId, { ...filters, updatedSince: since }, limit);
          expectSame(all, expected);
        }
      }
    }
    const changed = await mappedSince(cheap.distributorId, since);
    expect(changed.find((p) => p.id === first.id)).toMatchObject({ status: 'unavailable', supplyPrice: 1 });
    expect(changed.find((p) => p.id === second.id)).toMatchObject({ status: 'unavailable', supplyPrice: 0, images: [], attributes: [] });
  });
});

/**
 * Most of a product's JSON is kept ready in its row (drizzle/0017), written by a trigger on
 * every insert and update of products. Whatever writes a product, the ready text must equal
 * `toMallProduct` of the row as it is now: here after each kind of write there is, through
 * the same verbs the portals, the open API and the imports call, and after a raw update of
 * every column a mall sees.
 */
describe('the JSON kept ready in each product row follows every write', () => {
  const FEE = 777;

  /** The products as a page writes them (offered, and not), against the rows mapped by toMallProduct. */
  async function expectReady(ids: number[], step: string) {
    const base = sql`${jsonEscapedBase(env.publicBaseUrl)}::text`;
    const feeBps = sql`${FEE}::int`;
    const rows = await db
      .select({
        row: products,
        offered: sql<string>`${readyMallProductJson({ offered: sql`true`, feeBps, base })}`,
        gone: sql<string>`${readyMallProductJson({ offered: sql`false`, feeBps, base })}`,
      })
      .from(products)
      .where(inArray(products.id, ids))
      .orderBy(asc(products.id));
    expect(rows.length, step).toBe(ids.length);
    for (const r of rows) {
      const ready = [JSON.parse(r.offered) as Product, JSON.parse(r.gone) as Product];
      const mapped = [toMallProduct(r.row, FEE, true), toMallProduct(r.row, FEE, false)];
      expect({ step, ready }).toEqual({ step, ready: mapped });
      expect(JSON.stringify(ready), step).toBe(JSON.stringify(mapped));
    }
  }

  it('after a supplier’s upload, edit and review, staff edits, shelf, price, visibility and stock changes, orders, cancellation and imports', async () => {
    const w = await catalogWorld();
    const supplier = callerAs(w.supplierA.identity).supplier.products;
    const staff = callerAs(w.staff.identity).admin;
    const mall = await createDistributorAccount(db, { balance: 100_000_000 });
    const image = await storedImage(w.supplierA.ctx);
    const detail = await storedImage(w.supplierA.ctx);
    const staffImages = [await storedImage(w.staff.ctx), await storedImage(w.staff.ctx)];
    await staff.catalog.attributes.create({ name: '规格', values: ['"大" \\ 号'], categoryIds: [w.category.id] });

    const draft = await supplier.create(
      supplierProductForm(w.category.id, w.brand.id, { images: [image], detailImages: [detail], attributes: [{ name: '规格', value: '"大" \\ 号' }] }),
    );
    await expectReady([draft.id], 'supplier upload');
    await supplier.update({ ...supplierProductForm(w.category.id, w.brand.id, { skuCode: draft.skuCode, title: '改过的标题\t"引号"', images: [], stock: 7, freight: 500 }), id: draft.id });
    await expectReady([draft.id], 'supplier edit');
    const submitted = await supplier.submit({ id: draft.id });
    await expectReady([draft.id], 'submitted for review');
    await staff.review.approve({ id: draft.id, submittedAt: submitted.submittedAt!, supplyPrice: 3201 });
    await expectReady([draft.id], 'approved');
    await supplier.setStock({ id: draft.id, stock: 12 });
    await expectReady([draft.id], 'supplier stock');
    await supplier.takeOffShelf({ id: draft.id });
    await expectReady([draft.id], 'supplier off shelf');

    const fields = (categoryId: number, brandId: number, skuCode: string, title: string, images: string[]) => ({ skuCode, title, categoryId, brandId, images, detailImages: [], attributes: [], minQuantity: 1, freight: 0, costPrice: 1000 });
    const platform = await staff.products.create({ ...fields(w.category.id, w.brand.id, `READY-P-${draft.id}`, '平台商品', staffImages), stock: 40, supplyPrice: 1999, status: 'on_sale' });
    await expectReady([platform.id], 'staff create');
    await staff.products.update({ ...fields(w.otherCategory.id, w.otherBrand.id, platform.skuCode, '新标题 😀', []), minQuantity: 2, supplyPrice: 2999, id: platform.id });
    await expectReady([platform.id], 'staff edit');
    await staff.products.setShelf({ ids: [platform.id], onSale: false });
    await staff.products.setShelf({ ids: [platform.id], onSale: true });
    await expectReady([platform.id], 'shelf off and on');
    await staff.products.adjustStock({ id: platform.id, delta: -3, reason: '盘点' });
    await staff.products.setSupplyPrice({ id: platform.id, supplyPrice: 1 });
    await staff.products.setVisibility({ id: platform.id, visibility: 'restricted', levelIds: [mall.levelId] });
    await staff.products.setVisibility({ id: platform.id, visibility: 'all' });
    await expectReady([platform.id], 'stock, price and visibility');

    // An order reserves stock (hub_place_orders: one update per group), a cancellation gives it back.
    const ctx = { db, actor: { kind: 'mall' as const, distributorId: mall.distributorId } };
    const before = (await db.select().from(products).where(eq(products.id, platform.id)))[0];
    const placed = await createOrder(ctx, { mallOrderNo: `READY-${platform.id}`, items: [{ productId: platform.id, quantity: 2 }], receiver: RECEIVER, remark: '' });
    const reserved = (await db.select().from(products).where(eq(products.id, platform.id)))[0];
    expect(reserved.stock).toBe(before.stock - 2);
    await expectReady([platform.id], 'order placed');
    await cancelOrder(ctx, { orderNo: placed.order.orderNo });
    await expectReady([platform.id], 'order cancelled');

    // A CSV import creates one product and updates another (the same SKU again).
    const header = '货号,标题,类目,品牌,库存,起售数,成本价,供货价,运费,状态,属性,主图';
    const sku = `READY-CSV-${platform.id}`;
    const row = (title: string, stock: number) => `${sku},${title},${w.category.name},${w.brand.name},${stock},1,5.00,10.00,1.50,在售,,`;
    expect((await staff.products.importCsv({ csv: [header, row('导入的', 10)].join('\n') })).ok).toBe(true);
    expect((await staff.products.importCsv({ csv: [header, row('导入后改的', 3)].join('\n') })).ok).toBe(true);
    const [imported] = await db.select({ id: products.id }).from(products).where(eq(products.skuCode, sku));
    await expectReady([imported.id], 'CSV import');

    // Any other write: every column a mall sees, changed by a plain UPDATE.
    const changes: [string, SQL][] = [
      ['sku_code', sql`sku_code || '-x"'`],
      ['title', sql`'标题 \u2028 ' || chr(1) || chr(31)`],
      ['category_id', sql`${w.otherCategory.id}`],
      ['brand_id', sql`${w.otherBrand.id}`],
      ['images', sql`'["a b/c.jpg", "http://x.example/y.png", ""]'::jsonb`],
      ['detail_images', sql`'[]'::jsonb`],
      ['attributes', sql`'[{"name": "n", "value": "v\\u0001"}]'::jsonb`],
      ['min_quantity', sql`3`],
      ['stock', sql`stock + 5`],
      ['supply_price', sql`123457`],
      ['freight', sql`99`],
      ['status', sql`'sold_out'`],
      ['version', sql`version + 1`],
      ['updated_at', sql`clock_timestamp() + interval '1.2345 second'`],
    ];
    for (const [column, value] of changes) {
      await db.execute(sql`UPDATE products SET ${sql.identifier(column)} = ${value} WHERE id = ${platform.id}`);
      await expectReady([platform.id], `UPDATE of ${column}`);
    }
  });
});
