import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { brands, categories, products, type ProductAttribute } from '@/server/db/schema';
import { assertStoredImages, MAX_IMAGES_PER_PRODUCT } from '@/server/storage/images';
import { DomainError, isUniqueViolation } from '../errors';
import { assertAttributesAllowed, attributesFor } from './attributes';
import type { skuCodeSchema } from './schemas';

/** Who the product belongs to: the platform, or one supplier (whose assignments then apply). */
export type ProductOwner = { kind: 'platform' } | { kind: 'supplier'; supplierId: number };

export type ProductContent = {
  skuCode: z.output<typeof skuCodeSchema>;
  categoryId: number;
  brandId: number;
  attributes: ProductAttribute[];
  images: string[];
  detailImages: string[];
};

/**
 * The categories a supplier may list in: the assigned ones and their subcategories (as a
 * distributor's selection of a category includes its subcategories), active only.
 */
export function supplierCategoryIds(supplierId: number) {
  return sql`(
    WITH RECURSIVE allowed(id) AS (
      SELECT sc.category_id FROM supplier_categories sc WHERE sc.supplier_id = ${supplierId}
      UNION SELECT c.id FROM categories c JOIN allowed ON c.parent_id = allowed.id
    ) SELECT id FROM allowed)`;
}

export function supplierBrandIds(supplierId: number) {
  return sql`(SELECT sb.brand_id FROM supplier_brands sb WHERE sb.supplier_id = ${supplierId})`;
}

/**
 * The rules of a product's content, the same for every door: the category and brand exist
 * and are active (unless the product already had them), a supplier uses only its assigned
 * ones, attributes apply to them with allowed values, and images were uploaded here, at
 * most 20 in all.
 */
export async function assertValidContent(db: DbOrTx, owner: ProductOwner, input: ProductContent, previous?: { categoryId: number; brandId: number }) {
  const [category] = await db
    .select({
      status: categories.status,
      allowed: owner.kind === 'supplier' ? sql<boolean>`${categories.id} IN ${supplierCategoryIds(owner.supplierId)}` : sql<boolean>`true`,
    })
    .from(categories)
    .where(eq(categories.id, input.categoryId));
  if (!category || !category.allowed) {
    // To a supplier, a category it was not given does not exist.
    throw new DomainError('INVALID_REQUEST', owner.kind === 'supplier' && category ? 'This category is not assigned to you' : 'Unknown category', {
      field: 'categoryId',
      reason: category ? 'not_assigned' : 'unknown',
    });
  }
  if (category.status !== 'active' && previous?.categoryId !== input.categoryId) {
    throw new DomainError('INVALID_REQUEST', 'This category is disabled', { field: 'categoryId', reason: 'disabled' });
  }

  const [brand] = await db
    .select({
      status: brands.status,
      allowed: owner.kind === 'supplier' ? sql<boolean>`${brands.id} IN ${supplierBrandIds(owner.supplierId)}` : sql<boolean>`true`,
    })
    .from(brands)
    .where(eq(brands.id, input.brandId));
  if (!brand || !brand.allowed) {
    throw new DomainError('INVALID_REQUEST', owner.kind === 'supplier' && brand ? 'This brand is not assigned to you' : 'Unknown brand', {
      field: 'brandId',
      reason: brand ? 'not_assigned' : 'unknown',
    });
  }
  if (brand.status !== 'active' && previous?.brandId !== input.brandId) {
    throw new DomainError('INVALID_REQUEST', 'This brand is disabled', { field: 'brandId', reason: 'disabled' });
  }

  assertAttributesAllowed(input.attributes, await attributesFor(db, input.categoryId, input.brandId));

  const allImages = [...input.images, ...input.detailImages];
  if (allImages.length > MAX_IMAGES_PER_PRODUCT) {
    throw new DomainError('INVALID_REQUEST', `At most ${MAX_IMAGES_PER_PRODUCT} images per product`, { field: 'images', reason: 'too_many', max: MAX_IMAGES_PER_PRODUCT });
  }
  if (new Set(allImages).size !== allImages.length) throw new DomainError('INVALID_REQUEST', 'The same image is listed twice', { field: 'images', reason: 'duplicate' });
  await assertStoredImages(input.images, 'product', 'images');
  await assertStoredImages(input.detailImages, 'product', 'detailImages');
}

export function skuTaken(skuCode: string) {
  return new DomainError('CONFLICT', `The SKU code "${skuCode}" is already used by another product`, { field: 'skuCode', skuCode });
}

/**
 * Runs an INSERT or UPDATE of products and turns a duplicate SKU code into a clear error.
 * The unique constraint decides, so two people saving the same code at the same moment
 * get one product and one clear refusal, never two products.
 */
export async function withUniqueSku<T>(skuCode: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueViolation(e, 'products_sku_code_unique')) throw skuTaken(skuCode);
    throw e;
  }
}

/** The product ids among `ids` that exist and this owner may act on (a supplier: its own). */
export async function ownedIds(db: DbOrTx, owner: ProductOwner, ids: number[]) {
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(inArray(products.id, ids), owner.kind === 'supplier' ? eq(products.ownerSupplierId, owner.supplierId) : undefined));
  return rows.map((r) => r.id);
}
