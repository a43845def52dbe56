/** Shared pieces of the catalog tests: stored images, and ready-made catalogs and suppliers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { auditLog, outboxEvents, products } from '@/server/db/schema';
import type { Ctx } from '@/server/domain/context';
import { uploadImage } from '@/server/storage/images';
import { createBrand, createCategory, createStaff, createSupplierAccount } from '@tests/support/factories';
import { testDb } from '@tests/support/db';

// Uploads of this test file go to a folder of its own.
process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-test-'));

/** A real 1×1 PNG. */
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The start of a Windows executable ("MZ"), as a renamed .exe would be. */
export const EXE_BYTES = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

export async function storedImage(ctx: Ctx): Promise<string> {
  const { key } = await uploadImage(ctx, { bytes: PNG_BYTES, purpose: 'product' });
  return key;
}

/** Staff, a category and brand, and two suppliers each assigned them (A and B). */
export async function catalogWorld() {
  const db = testDb();
  const staff = await createStaff(db);
  const category = await createCategory(db);
  const otherCategory = await createCategory(db);
  const brand = await createBrand(db);
  const otherBrand = await createBrand(db);
  const supplierA = await createSupplierAccount(db, { categoryIds: [category.id], brandIds: [brand.id] });
  const supplierB = await createSupplierAccount(db, { categoryIds: [category.id], brandIds: [brand.id] });
  return { db, staff, category, otherCategory, brand, otherBrand, supplierA, supplierB };
}

let skuCounter = 0;
export const nextSku = (prefix = 'T') => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++skuCounter}`;

/** A supplier product form with everything filled in. */
export function supplierProductForm(categoryId: number, brandId: number, overrides: Record<string, unknown> = {}) {
  return {
    skuCode: nextSku('S'),
    title: '手工牛轧糖 400g',
    categoryId,
    brandId,
    attributes: [],
    images: [],
    detailImages: [],
    stock: 50,
    minQuantity: 1,
    freight: 0,
    costPrice: 2200,
    supplierCostPrice: 1600,
    submit: false,
    ...overrides,
  };
}

export function platformProductForm(categoryId: number, brandId: number, overrides: Record<string, unknown> = {}) {
  return {
    skuCode: nextSku('P'),
    title: '每日坚果 30包',
    categoryId,
    brandId,
    attributes: [],
    images: [],
    detailImages: [],
    stock: 100,
    minQuantity: 1,
    freight: 0,
    costPrice: 4200,
    supplyPrice: 5900,
    status: 'on_sale' as const,
    ...overrides,
  };
}

export async function productRow(id: number) {
  const [row] = await testDb().select().from(products).where(eq(products.id, id));
  return row;
}

export async function auditOf(id: number) {
  return testDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'product'), eq(auditLog.entityId, String(id))))
    .orderBy(auditLog.id);
}

export async function eventsFor(productId: number) {
  const rows = await testDb().select().from(outboxEvents).orderBy(outboxEvents.id);
  return rows.filter((e) => (e.data as { id?: number; productId?: number }).id === productId || (e.data as { productId?: number }).productId === productId);
}
