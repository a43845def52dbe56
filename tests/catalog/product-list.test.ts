import { beforeAll, describe, expect, it } from 'vitest';
import { createBrand, createCategory, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { testDb } from '@tests/support/db';
import { callerAs } from '@tests/support/trpc';

describe('the staff product list', () => {
  let list: ReturnType<typeof callerAs>['admin']['products']['list'];
  let ids: Record<string, number>;
  let supplierId: number;
  let top: number;
  let sub: number;
  let brandA: number;
  let brandB: number;

  beforeAll(async () => {
    const db = testDb();
    list = callerAs((await createStaff(db)).identity).admin.products.list;
    top = (await createCategory(db, { name: '数码' })).id;
    sub = (await createCategory(db, { name: '耳机', parentId: top })).id;
    const other = (await createCategory(db, { name: '厨房' })).id;
    brandA = (await createBrand(db)).id;
    brandB = (await createBrand(db)).id;
    supplierId = (await createSupplierAccount(db)).supplierId;
    ids = {
      earbuds: (await createProduct(db, { skuCode: 'DIGI-001', title: '无线蓝牙耳机', categoryId: sub, brandId: brandA, stock: 5, supplyPrice: 12900 })).id,
      charger: (await createProduct(db, { skuCode: 'DIGI-002', title: '快充头 65W', categoryId: top, brandId: brandA, stock: 50, supplyPrice: 7900, status: 'off_shelf' })).id,
      wok: (await createProduct(db, { skuCode: 'HOME-001', title: '不锈钢炒锅', categoryId: other, brandId: brandB, stock: 1, supplyPrice: 12900 })).id,
      supplied: (await createProduct(db, { skuCode: 'S1-100%_x', title: '供应商的耳机', categoryId: sub, brandId: brandB, stock: 9, ownerSupplierId: supplierId, supplyPrice: 100 })).id,
    };
  });

  it('searches the title or the SKU code, as typed (% and _ are plain characters)', async () => {
    expect((await list({ q: '耳机' })).rows.map((r) => r.id).sort()).toEqual([ids.earbuds, ids.supplied].sort());
    expect((await list({ q: 'digi-00' })).rows.map((r) => r.id).sort()).toEqual([ids.earbuds, ids.charger].sort());
    expect((await list({ q: '100%_' })).rows.map((r) => r.id)).toEqual([ids.supplied]);
    expect((await list({ q: '%' })).total).toBe(1);
  });

  it('filters by status, category (with its subcategories), brand and owner', async () => {
    expect((await list({ status: 'off_shelf' })).rows.map((r) => r.id)).toEqual([ids.charger]);
    expect((await list({ categoryId: top })).rows.map((r) => r.id).sort()).toEqual([ids.earbuds, ids.charger, ids.supplied].sort());
    expect((await list({ categoryId: sub, brandId: brandA })).rows.map((r) => r.id)).toEqual([ids.earbuds]);
    expect((await list({ owner: 'platform' })).total).toBe(3);
    const bySupplier = await list({ owner: supplierId });
    expect(bySupplier.rows.map((r) => r.id)).toEqual([ids.supplied]);
    expect(bySupplier.rows[0]).toMatchObject({ supplierName: expect.any(String), categoryName: '耳机' });
  });

  it('sorts, with the id breaking ties, and pages without repeating or skipping', async () => {
    expect((await list({ sort: 'stock', dir: 'asc' })).rows.map((r) => r.stock)).toEqual([1, 5, 9, 50]);
    const byPrice = (await list({ sort: 'supplyPrice', dir: 'desc' })).rows;
    expect(byPrice.slice(0, 2).map((r) => r.id)).toEqual([ids.wok, ids.earbuds]);
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(...(await list({ sort: 'skuCode', dir: 'asc', page, pageSize: 2 })).rows.map((r) => r.skuCode));
    expect(pages).toEqual(['DIGI-001', 'DIGI-002', 'HOME-001', 'S1-100%_x']);
    expect((await list({ pageSize: 2 })).total).toBe(4);
  });
});
