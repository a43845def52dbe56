import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { brands, categories, type ProductAttribute } from '@/server/db/schema';
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
 * The category or brand a product names: it exists, a supplier was assigned it (to a supplier
 * an unassigned one reads as not assigned, never as someone else's), and it is active unless
 * the product already had it.
 */
async function assertUsableReference(db: DbOrTx, owner: ProductOwner, ref: 'category' | 'brand', id: number, previousId: number | undefined) {
  const table = ref === 'category' ? categories : brands;
  const assigned = ref === 'category' ? supplierCategoryIds : supplierBrandIds;
  const field = ref === 'category' ? 'categoryId' : 'brandId';
  const [row] = await db
    .select({ status: table.status, allowed: owner.kind === 'supplier' ? sql<boolean>`${table.id} IN ${assigned(owner.supplierId)}` : sql<boolean>`true` })
    .from(table)
    .where(eq(table.id, id));
  if (!row) throw new DomainError('INVALID_REQUEST', `Unknown ${ref}`, { field, reason: 'unknown' });
  if (!row.allowed) throw new DomainError('INVALID_REQUEST', `This ${ref} is not assigned to you`, { field, reason: 'not_assigned' });
  if (row.status !== 'active' && previousId !== id) throw new DomainError('INVALID_REQUEST', `This ${ref} is disabled`, { field, reason: 'disabled' });
}

/**
 * The rules of a product's content, the same for every door: the category and brand exist
 * and are active (unless the product already had them), a supplier uses only its assigned
 * ones, attributes apply to them with allowed values, and images were uploaded here, at
 * most 20 in all.
 */
export async function assertValidContent(db: DbOrTx, owner: ProductOwner, input: ProductContent, previous?: { categoryId: number; brandId: number }) {
  await assertUsableReference(db, owner, 'category', input.categoryId, previous?.categoryId);
  await assertUsableReference(db, owner, 'brand', input.brandId, previous?.brandId);
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
