import { and, asc, eq, sql } from 'drizzle-orm';
import { brands, categories } from '@/server/db/schema';
import type { StaffCtx, SupplierCtx } from '../context';
import { DomainError } from '../errors';
import { attributesFor } from './attributes';
import { supplierBrandIds, supplierCategoryIds } from './product-content';

const categoryFields = { id: categories.id, name: categories.name, parentId: categories.parentId, status: categories.status };
const brandFields = { id: brands.id, name: brands.name, status: brands.status };

/** The categories and brands a staff product form offers: every one (disabled ones marked). */
export async function staffFormOptions(ctx: StaffCtx) {
  const [cats, brs] = await Promise.all([
    ctx.db.select(categoryFields).from(categories).orderBy(asc(categories.sortOrder), asc(categories.id)),
    ctx.db.select(brandFields).from(brands).orderBy(asc(brands.sortOrder), asc(brands.id)),
  ]);
  return { categories: cats, brands: brs };
}

/**
 * The categories and brands a supplier's product form offers: its assigned ones (with their
 * subcategories), active only. The server checks the same on every save (product-content.ts).
 */
export async function supplierFormOptions(ctx: SupplierCtx) {
  const [cats, brs] = await Promise.all([
    ctx.db
      .select(categoryFields)
      .from(categories)
      .where(and(eq(categories.status, 'active'), sql`${categories.id} IN ${supplierCategoryIds(ctx.actor.supplierId)}`))
      .orderBy(asc(categories.sortOrder), asc(categories.id)),
    ctx.db
      .select(brandFields)
      .from(brands)
      .where(and(eq(brands.status, 'active'), sql`${brands.id} IN ${supplierBrandIds(ctx.actor.supplierId)}`))
      .orderBy(asc(brands.sortOrder), asc(brands.id)),
  ]);
  return { categories: cats, brands: brs };
}

/** The attributes a product form offers for a category and brand. */
export function staffAttributesFor(ctx: StaffCtx, input: { categoryId: number; brandId: number }) {
  return attributesFor(ctx.db, input.categoryId, input.brandId);
}

/** The same for a supplier, only for its assigned category and brand. */
export async function supplierAttributesFor(ctx: SupplierCtx, input: { categoryId: number; brandId: number }) {
  const [row] = await ctx.db.execute<{ ok: boolean }>(sql`
    SELECT (${input.categoryId}::int IN ${supplierCategoryIds(ctx.actor.supplierId)})
       AND (${input.brandId}::int IN ${supplierBrandIds(ctx.actor.supplierId)}) AS ok`);
  if (!row?.ok) throw new DomainError('INVALID_REQUEST', 'This category or brand is not assigned to you', { field: 'categoryId', reason: 'not_assigned' });
  return attributesFor(ctx.db, input.categoryId, input.brandId);
}
