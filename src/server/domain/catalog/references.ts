import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { brands, categories } from '@/server/db/schema';
import { DomainError } from '../errors';

/**
 * Checks that every category and brand id exists (for assignments and attribute links) and
 * returns them without repeats.
 */
export async function knownCategoriesAndBrands(db: DbOrTx, input: { categoryIds: number[]; brandIds: number[] }) {
  const categoryIds = [...new Set(input.categoryIds)];
  const brandIds = [...new Set(input.brandIds)];
  if (categoryIds.length) {
    const found = await db.select({ id: categories.id }).from(categories).where(inArray(categories.id, categoryIds));
    if (found.length !== categoryIds.length) throw new DomainError('INVALID_REQUEST', 'Unknown category', { field: 'categoryIds' });
  }
  if (brandIds.length) {
    const found = await db.select({ id: brands.id }).from(brands).where(inArray(brands.id, brandIds));
    if (found.length !== brandIds.length) throw new DomainError('INVALID_REQUEST', 'Unknown brand', { field: 'brandIds' });
  }
  return { categoryIds, brandIds };
}
