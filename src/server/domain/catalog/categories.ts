import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { attributeCategories, categories, distributorCategories, products, supplierCategories } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { DomainError, isForeignKeyViolation, notFound } from '../errors';
import type { categoryInput, idInput, updateCategoryInput } from './schemas';
import { inTransaction } from './tx';

export type CategoryRow = typeof categories.$inferSelect & { productCount: number };

/** Every category, parents before children in display order, with how many products each holds. */
export async function listCategories(ctx: StaffCtx): Promise<CategoryRow[]> {
  const [rows, counts] = await Promise.all([
    ctx.db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.id)),
    ctx.db.select({ categoryId: products.categoryId, n: count() }).from(products).groupBy(products.categoryId),
  ]);
  const byId = new Map(counts.map((c) => [c.categoryId, c.n]));
  return rows.map((c) => ({ ...c, productCount: byId.get(c.id) ?? 0 }));
}

/**
 * Sibling names must differ, or a path such as 食品饮料/休闲零食 (CSV import) would be
 * ambiguous. A courtesy check, not a race guard: two staff creating the same name at the
 * same instant get two rows they can rename.
 */
async function assertFreeName(ctx: StaffCtx, name: string, parentId: number | null, exceptId?: number) {
  const [taken] = await ctx.db
    .select({ id: categories.id })
    .from(categories)
    .where(
      and(
        eq(categories.name, name),
        parentId === null ? isNull(categories.parentId) : eq(categories.parentId, parentId),
        exceptId ? ne(categories.id, exceptId) : undefined,
      ),
    );
  if (taken) throw new DomainError('CONFLICT', `A category "${name}" already exists here`, { field: 'name' });
}

async function assertParent(ctx: StaffCtx, parentId: number | null, movingId?: number) {
  if (parentId === null) return;
  if (parentId === movingId) throw new DomainError('INVALID_REQUEST', 'A category cannot be its own parent', { field: 'parentId' });
  const [parent] = await ctx.db.select({ id: categories.id }).from(categories).where(eq(categories.id, parentId));
  if (!parent) throw new DomainError('INVALID_REQUEST', 'Unknown parent category', { field: 'parentId' });
  if (movingId) {
    // Moving under one of its own descendants would cut the branch off the tree.
    const rows = await ctx.db.execute<{ id: number }>(sql`
      WITH RECURSIVE below(id) AS (
        SELECT id FROM categories WHERE parent_id = ${movingId}
        UNION SELECT c.id FROM categories c JOIN below ON c.parent_id = below.id
      ) SELECT id FROM below WHERE id = ${parentId}`);
    if (rows.length) throw new DomainError('INVALID_REQUEST', 'A category cannot move under its own subcategory', { field: 'parentId' });
  }
}

export async function createCategory(ctx: StaffCtx, input: z.output<typeof categoryInput>) {
  return inTransaction(ctx, async (tx) => {
    await assertParent(tx, input.parentId);
    await assertFreeName(tx, input.name, input.parentId);
    const [row] = await tx.db.insert(categories).values(input).returning();
    await recordAudit(tx, { action: 'category.create', entityType: 'category', entityId: row.id, detail: { name: row.name, parentId: row.parentId } });
    return row;
  });
}

export async function updateCategory(ctx: StaffCtx, input: z.output<typeof updateCategoryInput>) {
  return inTransaction(ctx, async (tx) => {
    await assertParent(tx, input.parentId, input.id);
    await assertFreeName(tx, input.name, input.parentId, input.id);
    const [row] = await tx.db
      .update(categories)
      .set({ name: input.name, parentId: input.parentId, sortOrder: input.sortOrder, updatedAt: new Date() })
      .where(eq(categories.id, input.id))
      .returning();
    if (!row) throw notFound('Category');
    await recordAudit(tx, { action: 'category.update', entityType: 'category', entityId: row.id, detail: { name: row.name, parentId: row.parentId, sortOrder: row.sortOrder } });
    return row;
  });
}

/** What keeps a category or brand from being deleted. */
export type UsageCounts = { products: number; children?: number; suppliers: number; distributors: number };

export function assertUnused(what: 'Category' | 'Brand', usage: UsageCounts) {
  if (Object.values(usage).some((n) => n > 0)) {
    throw new DomainError('CONFLICT', `${what} is in use and cannot be deleted; disable it instead`, { reason: 'in_use', ...usage });
  }
}

/**
 * Deletes a category nobody uses: no products, no subcategories, not assigned to a
 * supplier nor selected by a distributor. Otherwise a clear refusal: disable it instead.
 */
export async function deleteCategory(ctx: StaffCtx, input: z.output<typeof idInput>) {
  return inTransaction(ctx, async (tx) => {
    // Lock the row: a product created into it now waits, and then fails its foreign key.
    const [row] = await tx.db.select().from(categories).where(eq(categories.id, input.id)).for('update');
    if (!row) throw notFound('Category');
    const [[p], [c], [s], [d]] = await Promise.all([
      tx.db.select({ n: count() }).from(products).where(eq(products.categoryId, input.id)),
      tx.db.select({ n: count() }).from(categories).where(eq(categories.parentId, input.id)),
      tx.db.select({ n: count() }).from(supplierCategories).where(eq(supplierCategories.categoryId, input.id)),
      tx.db.select({ n: count() }).from(distributorCategories).where(eq(distributorCategories.categoryId, input.id)),
    ]);
    assertUnused('Category', { products: p.n, children: c.n, suppliers: s.n, distributors: d.n });
    try {
      await tx.db.delete(attributeCategories).where(eq(attributeCategories.categoryId, input.id));
      await tx.db.delete(categories).where(eq(categories.id, input.id));
    } catch (e) {
      if (isForeignKeyViolation(e)) assertUnused('Category', { products: 1, suppliers: 0, distributors: 0 });
      throw e;
    }
    await recordAudit(tx, { action: 'category.delete', entityType: 'category', entityId: row.id, detail: { name: row.name } });
  });
}
