import { beforeAll, describe, expect, it } from 'vitest';
import { distributorCategories } from '@/server/db/schema';
import { createBrand, createCategory, createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { testDb } from '@tests/support/db';
import { callerAs } from '@tests/support/trpc';
import { storedImage } from './helpers';

describe('categories, brands and attributes', () => {
  let staff: ReturnType<typeof callerAs>['admin']['catalog'];
  let staffCtx: Awaited<ReturnType<typeof createStaff>>['ctx'];

  beforeAll(async () => {
    const s = await createStaff();
    staff = callerAs(s.identity).admin.catalog;
    staffCtx = s.ctx;
  });

  it('keeps categories as an ordered tree, and refuses cycles and duplicate sibling names', async () => {
    const food = await staff.categories.create({ name: '食品', sortOrder: 2 });
    const drinks = await staff.categories.create({ name: '饮料', sortOrder: 1 });
    const snacks = await staff.categories.create({ name: '零食', parentId: food.id });
    const nuts = await staff.categories.create({ name: '坚果', parentId: snacks.id });
    const list = await staff.categories.list();
    expect(list.map((c) => c.id).indexOf(drinks.id)).toBeLessThan(list.map((c) => c.id).indexOf(food.id));
    expect(list.find((c) => c.id === nuts.id)).toMatchObject({ parentId: snacks.id, productCount: 0 });

    await expect(staff.categories.update({ id: food.id, name: '食品', parentId: nuts.id, sortOrder: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(staff.categories.update({ id: food.id, name: '食品', parentId: food.id, sortOrder: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(staff.categories.create({ name: '零食', parentId: food.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    // The same name under another parent is fine; a move keeps the subtree.
    await staff.categories.create({ name: '零食', parentId: drinks.id }).then((c) => staff.categories.delete({ id: c.id }));
    await staff.categories.update({ id: snacks.id, name: '零食', parentId: drinks.id, sortOrder: 0 });
    expect((await staff.categories.list()).find((c) => c.id === nuts.id)!.parentId).toBe(snacks.id);
  });

  it('refuses to delete a category in use, saying what uses it; disabling works', async () => {
    const db = testDb();
    const parent = await createCategory(db);
    const child = await createCategory(db, { parentId: parent.id });
    const usedByProduct = await createCategory(db);
    await createProduct(db, { categoryId: usedByProduct.id });
    const usedBySupplier = await createCategory(db);
    await createSupplierAccount(db, { categoryIds: [usedBySupplier.id] });
    const usedByDistributor = await createCategory(db);
    const d = await createDistributorAccount(db);
    await db.insert(distributorCategories).values({ distributorId: d.distributorId, categoryId: usedByDistributor.id });

    const refused = async (id: number) => {
      const e = await staff.categories.delete({ id }).catch((x: { code: string; cause: { details: Record<string, unknown> } }) => x);
      expect(e).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/in use.*disable/) });
      return (e as { cause: { details: Record<string, unknown> } }).cause.details;
    };
    expect(await refused(parent.id)).toMatchObject({ reason: 'in_use', children: 1, products: 0 });
    expect(await refused(usedByProduct.id)).toMatchObject({ reason: 'in_use', products: 1 });
    expect(await refused(usedBySupplier.id)).toMatchObject({ reason: 'in_use', suppliers: 1 });
    expect(await refused(usedByDistributor.id)).toMatchObject({ reason: 'in_use', distributors: 1 });

    await expect(staff.categories.setStatus({ id: usedByProduct.id, status: 'disabled' })).resolves.toMatchObject({ status: 'disabled' });
    // Unused: deleted, with its attribute links.
    await staff.attributes.create({ name: '口味', values: [], categoryIds: [child.id] });
    await staff.categories.delete({ id: child.id });
    expect((await staff.categories.list()).some((c) => c.id === child.id)).toBe(false);
    await expect(staff.categories.delete({ id: child.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps brand names unique, with logos uploaded here, and refuses to delete one in use', async () => {
    const logo = (await import('@/server/storage/images')).uploadImage;
    const { key } = await logo(staffCtx, { bytes: (await import('./helpers')).PNG_BYTES, purpose: 'brand' });
    const brand = await staff.brands.create({ name: '良品', logo: key });
    expect((await staff.brands.list()).find((b) => b.id === brand.id)).toMatchObject({ logo: key, logoUrl: expect.stringContaining(`/uploads/${key}`) });
    await expect(staff.brands.create({ name: '良品' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const productImage = await storedImage(staffCtx);
    await expect(staff.brands.create({ name: '别的', logo: productImage })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const db = testDb();
    const used = await createBrand(db);
    await createProduct(db, { brandId: used.id });
    await expect(staff.brands.delete({ id: used.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(staff.brands.setStatus({ id: used.id, status: 'disabled' })).resolves.toMatchObject({ status: 'disabled' });
    await staff.brands.delete({ id: brand.id });
    expect((await staff.brands.list()).some((b) => b.id === brand.id)).toBe(false);
  });

  it('attaches attributes to categories (and their subcategories) and brands; disabled ones are offered nowhere', async () => {
    const db = testDb();
    const top = await createCategory(db);
    const sub = await createCategory(db, { parentId: top.id });
    const brand = await createBrand(db);
    const other = await createBrand(db);
    const size = await staff.attributes.create({ name: '规格', values: ['小', '大', '小'], categoryIds: [top.id] });
    expect(size.values).toEqual(['小', '大']);
    const origin = await staff.attributes.create({ name: '产地', values: [], brandIds: [brand.id] });
    const products = callerAs((await createStaff()).identity).admin.products;
    expect((await products.attributesFor({ categoryId: sub.id, brandId: brand.id })).map((a) => a.name).sort()).toEqual(['产地', '规格']);
    expect((await products.attributesFor({ categoryId: sub.id, brandId: other.id })).map((a) => a.name)).toEqual(['规格']);
    await staff.attributes.update({ id: origin.id, name: '产地', values: ['云南'], categoryIds: [], brandIds: [other.id] });
    expect((await products.attributesFor({ categoryId: sub.id, brandId: other.id })).find((a) => a.name === '产地')!.values).toEqual(['云南']);
    await staff.attributes.setStatus({ id: size.id, status: 'disabled' });
    expect((await products.attributesFor({ categoryId: sub.id, brandId: brand.id })).map((a) => a.name)).toEqual([]);
    await expect(staff.attributes.create({ name: '错', categoryIds: [999_999] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
