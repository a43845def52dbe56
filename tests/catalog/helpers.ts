/** Shared pieces of the catalog tests: stored images, and ready-made catalogs and suppliers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
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

/** The platform product form as an edit sends it: stock and status change by their own steps. */
export function platformProductEdit(categoryId: number, brandId: number, overrides: Record<string, unknown> = {}) {
  const { stock: _stock, status: _status, ...fields } = platformProductForm(categoryId, brandId, overrides);
  return fields;
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

/** A solid-colour PNG of any size (zlib-compressed scanlines, CRC-checked chunks). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const { deflateSync, crc32 } = zlib;
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3])]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
