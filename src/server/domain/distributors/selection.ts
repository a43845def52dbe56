import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { brands, categories, distributorBrands, distributorCategories, distributors, products } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { DistributorCtx } from '../context';
import { listedFor } from '../catalog/visibility';
import { invalidRequest, notFound } from '../errors';
import type { selectionInput } from './schemas';

/**
 * 选品: what the distributor's mall syncs when it asks for the catalog without a filter,
 * by category (a category includes its subcategories) or by brand. The distributor keeps
 * both lists; the mode says which one applies.
 */

export async function getSelection(ctx: DistributorCtx) {
  const id = ctx.actor.distributorId;
  const [d] = await ctx.db.select({ levelId: distributors.levelId, mode: distributors.selectionMode }).from(distributors).where(eq(distributors.id, id));
  if (!d) throw notFound('Distributor');
  const scope = { id, levelId: d.levelId };
  const [chosenCategories, chosenBrands, categoryOptions, brandOptions, perCategory, perBrand] = await Promise.all([
    ctx.db.select({ id: distributorCategories.categoryId }).from(distributorCategories).where(eq(distributorCategories.distributorId, id)),
    ctx.db.select({ id: distributorBrands.brandId }).from(distributorBrands).where(eq(distributorBrands.distributorId, id)),
    ctx.db
      .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
      .from(categories)
      .where(eq(categories.status, 'active'))
      .orderBy(asc(categories.sortOrder), asc(categories.id)),
    ctx.db.select({ id: brands.id, name: brands.name }).from(brands).where(eq(brands.status, 'active')).orderBy(asc(brands.sortOrder), asc(brands.id)),
    // How many products on offer each choice brings, so the distributor can tell what it is choosing.
    ctx.db.select({ id: products.categoryId, n: count() }).from(products).where(listedFor(scope)).groupBy(products.categoryId),
    ctx.db.select({ id: products.brandId, n: count() }).from(products).where(listedFor(scope)).groupBy(products.brandId),
  ]);
  const categoryCounts = new Map(perCategory.map((r) => [r.id, r.n]));
  const brandCounts = new Map(perBrand.map((r) => [r.id, r.n]));
  return {
    mode: d.mode,
    categoryIds: chosenCategories.map((r) => r.id),
    brandIds: chosenBrands.map((r) => r.id),
    categories: categoryOptions.map((c) => ({ ...c, offeredCount: categoryCounts.get(c.id) ?? 0 })),
    brands: brandOptions.map((b) => ({ ...b, offeredCount: brandCounts.get(b.id) ?? 0 })),
  };
}

export async function setSelection(ctx: DistributorCtx, input: z.output<typeof selectionInput>) {
  const id = ctx.actor.distributorId;
  const categoryIds = [...new Set(input.categoryIds)];
  const brandIds = [...new Set(input.brandIds)];
  await ctx.db.transaction(async (tx) => {
    // Two saves at once take turns here, so delete-then-insert never collides.
    const [d] = await tx.select({ id: distributors.id }).from(distributors).where(eq(distributors.id, id)).for('update');
    if (!d) throw notFound('Distributor');
    if (categoryIds.length) {
      const found = await tx.select({ id: categories.id }).from(categories).where(and(inArray(categories.id, categoryIds), eq(categories.status, 'active')));
      if (found.length !== categoryIds.length) throw invalidRequest('Some categories do not exist', { field: 'categoryIds' });
    }
    if (brandIds.length) {
      const found = await tx.select({ id: brands.id }).from(brands).where(and(inArray(brands.id, brandIds), eq(brands.status, 'active')));
      if (found.length !== brandIds.length) throw invalidRequest('Some brands do not exist', { field: 'brandIds' });
    }
    await tx.update(distributors).set({ selectionMode: input.mode, updatedAt: new Date() }).where(eq(distributors.id, id));
    await tx.delete(distributorCategories).where(eq(distributorCategories.distributorId, id));
    await tx.delete(distributorBrands).where(eq(distributorBrands.distributorId, id));
    if (categoryIds.length) await tx.insert(distributorCategories).values(categoryIds.map((categoryId) => ({ distributorId: id, categoryId })));
    if (brandIds.length) await tx.insert(distributorBrands).values(brandIds.map((brandId) => ({ distributorId: id, brandId })));
    await recordAudit({ ...ctx, db: tx }, { action: 'distributor.selection', entityType: 'distributor', entityId: id, detail: { mode: input.mode, categoryIds, brandIds } });
  });
}
