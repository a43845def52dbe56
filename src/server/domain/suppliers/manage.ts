/**
 * Staff manage supplier companies: the list, one supplier with its logins and assignments,
 * editing, assigning categories and brands, disabling. (Creating is create.ts.)
 */
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { containsPattern } from '@/server/db/like';
import { products, supplierBrands, supplierCategories, suppliers, users } from '@/server/db/schema';
import { recordAudit } from '../audit';
import { announceStatusChange } from '../catalog/announce';
import { bumpVersion } from '../catalog/product-events';
import { knownCategoriesAndBrands } from '../catalog/references';
import { inTransaction } from '../catalog/tx';
import type { StaffCtx } from '../context';
import { notFound } from '../errors';
import { pageOf } from '../paging';
import { supplierLoginUrl } from './login-link';
import type { supplierAssignmentsInput, supplierListInput, supplierStatusInput, updateSupplierInput } from './schemas';

/**
 * Drizzle writes a column of a single-table query unqualified ("id"), which inside a
 * subquery would name the subquery's own column; these correlate by the full name.
 */
const SUPPLIER_ID = sql.raw('"suppliers"."id"');

export async function listSuppliers(ctx: StaffCtx, input: z.output<typeof supplierListInput>) {
  const conditions: (SQL | undefined)[] = [];
  if (input.status) conditions.push(eq(suppliers.status, input.status));
  if (input.q) {
    const pattern = containsPattern(input.q);
    conditions.push(
      or(
        ilike(suppliers.name, pattern),
        ilike(suppliers.contactName, pattern),
        ilike(suppliers.phone, pattern),
        sql`EXISTS (SELECT 1 FROM users u WHERE u.supplier_id = ${SUPPLIER_ID} AND u.username ILIKE ${pattern})`,
      ),
    );
  }
  const where = and(...conditions);
  const query = ctx.db
    .select({
      id: suppliers.id,
      name: suppliers.name,
      contactName: suppliers.contactName,
      phone: suppliers.phone,
      status: suppliers.status,
      createdAt: suppliers.createdAt,
      username: sql<string | null>`(SELECT min(u.username) FROM users u WHERE u.supplier_id = ${SUPPLIER_ID})`,
      productCount: sql<number>`(SELECT count(*)::int FROM products p WHERE p.owner_supplier_id = ${SUPPLIER_ID})`,
      pendingCount: sql<number>`(SELECT count(*)::int FROM products p WHERE p.owner_supplier_id = ${SUPPLIER_ID} AND p.status = 'pending_review')`,
    })
    .from(suppliers)
    .where(where)
    .orderBy(desc(suppliers.id))
    .$dynamic();
  return pageOf(ctx.db, input, query, suppliers, where);
}

/** Every supplier, for filters and pickers. */
export async function supplierOptions(ctx: StaffCtx) {
  return ctx.db.select({ id: suppliers.id, name: suppliers.name, status: suppliers.status }).from(suppliers).orderBy(asc(suppliers.name));
}

export async function supplierDetail(ctx: StaffCtx, id: number) {
  const [supplier] = await ctx.db.select().from(suppliers).where(eq(suppliers.id, id));
  if (!supplier) throw notFound('Supplier');
  const [logins, cats, brs, byStatus] = await Promise.all([
    ctx.db
      .select({ id: users.id, username: users.username, status: users.status, lastLoginAt: users.lastLoginAt })
      .from(users)
      .where(eq(users.supplierId, id))
      .orderBy(asc(users.id)),
    ctx.db.select({ id: supplierCategories.categoryId }).from(supplierCategories).where(eq(supplierCategories.supplierId, id)),
    ctx.db.select({ id: supplierBrands.brandId }).from(supplierBrands).where(eq(supplierBrands.supplierId, id)),
    ctx.db.select({ status: products.status, n: count() }).from(products).where(eq(products.ownerSupplierId, id)).groupBy(products.status),
  ]);
  return {
    ...supplier,
    logins,
    loginUrl: supplierLoginUrl(),
    categoryIds: cats.map((c) => c.id),
    brandIds: brs.map((b) => b.id),
    productsByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<(typeof products.$inferSelect)['status'], number>>,
  };
}

export async function updateSupplier(ctx: StaffCtx, input: z.output<typeof updateSupplierInput>) {
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(suppliers)
      .set({ name: input.name, contactName: input.contactName, phone: input.phone, updatedAt: new Date() })
      .where(eq(suppliers.id, input.id))
      .returning();
    if (!row) throw notFound('Supplier');
    await recordAudit(tx, { action: 'supplier.update', entityType: 'supplier', entityId: row.id, detail: { name: row.name } });
    return row;
  });
}

/**
 * Replaces the categories and brands a supplier may list in. Its products already in a
 * category it loses stay as they are; editing one then asks for an assigned category.
 */
export async function setSupplierAssignments(ctx: StaffCtx, input: z.output<typeof supplierAssignmentsInput>) {
  return inTransaction(ctx, async (tx) => {
    const [supplier] = await tx.db.select({ id: suppliers.id }).from(suppliers).where(eq(suppliers.id, input.id)).for('update');
    if (!supplier) throw notFound('Supplier');
    const { categoryIds, brandIds } = await knownCategoriesAndBrands(tx.db, input);
    await tx.db.delete(supplierCategories).where(eq(supplierCategories.supplierId, input.id));
    await tx.db.delete(supplierBrands).where(eq(supplierBrands.supplierId, input.id));
    if (categoryIds.length) await tx.db.insert(supplierCategories).values(categoryIds.map((categoryId) => ({ supplierId: input.id, categoryId })));
    if (brandIds.length) await tx.db.insert(supplierBrands).values(brandIds.map((brandId) => ({ supplierId: input.id, brandId })));
    await recordAudit(tx, { action: 'supplier.assignments', entityType: 'supplier', entityId: input.id, detail: { categoryIds, brandIds } });
    return { categoryIds, brandIds };
  });
}

/**
 * Disabling a supplier signs its logins out at once (sessions are checked on every
 * request) and takes its products on sale off shelf: nobody would ship their orders.
 * Enabling lets it sign in again; its products go back on sale through review.
 */
export async function setSupplierStatus(ctx: StaffCtx, input: z.output<typeof supplierStatusInput>) {
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.update(suppliers).set({ status: input.status, updatedAt: new Date() }).where(eq(suppliers.id, input.id)).returning();
    if (!row) throw notFound('Supplier');
    let withdrawn: number[] = [];
    if (input.status === 'disabled') {
      const changed = await tx.db
        .update(products)
        .set({ status: 'off_shelf', ...bumpVersion() })
        .where(and(eq(products.ownerSupplierId, input.id), inArray(products.status, ['on_sale', 'sold_out'])))
        .returning({ id: products.id });
      withdrawn = changed.map((p) => p.id);
      for (const id of withdrawn) await recordAudit(tx, { action: 'product.off_shelf', entityType: 'product', entityId: id, detail: { reason: 'supplier_disabled' } });
      await announceStatusChange(tx.db, withdrawn, 'on_sale', 'off_shelf');
    }
    await recordAudit(tx, { action: input.status === 'active' ? 'supplier.enable' : 'supplier.disable', entityType: 'supplier', entityId: row.id, detail: { productsTakenOffShelf: withdrawn.length } });
    return { ...row, productsTakenOffShelf: withdrawn.length };
  });
}
