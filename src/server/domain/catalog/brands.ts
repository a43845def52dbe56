import { asc, count, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { attributeBrands, brands, distributorBrands, products, supplierBrands } from '@/server/db/schema';
import { assertStoredImages } from '@/server/storage/images';
import { publicUploadUrl } from '@/server/storage/urls';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { DomainError, isForeignKeyViolation, isUniqueViolation, notFound } from '../errors';
import { assertUnused } from './categories';
import type { brandInput, idInput, updateBrandInput } from './schemas';
import { inTransaction } from './tx';

export async function listBrands(ctx: StaffCtx) {
  const [rows, counts] = await Promise.all([
    ctx.db.select().from(brands).orderBy(asc(brands.sortOrder), asc(brands.id)),
    ctx.db.select({ brandId: products.brandId, n: count() }).from(products).groupBy(products.brandId),
  ]);
  const byId = new Map(counts.map((c) => [c.brandId, c.n]));
  return rows.map((b) => ({ ...b, logoUrl: b.logo ? publicUploadUrl(b.logo) : null, productCount: byId.get(b.id) ?? 0 }));
}

/** Brand names are unique (a constraint decides it, also between two staff saving at once). */
async function writeBrand<T>(write: () => Promise<T>, name: string): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueViolation(e, 'brands_name_unique')) throw new DomainError('CONFLICT', `A brand "${name}" already exists`, { field: 'name' });
    throw e;
  }
}

export async function createBrand(ctx: StaffCtx, input: z.output<typeof brandInput>) {
  if (input.logo) await assertStoredImages([input.logo], 'brand', 'logo');
  return inTransaction(ctx, async (tx) => {
    const [row] = await writeBrand(() => tx.db.insert(brands).values(input).returning(), input.name);
    await recordAudit(tx, { action: 'brand.create', entityType: 'brand', entityId: row.id, detail: { name: row.name } });
    return row;
  });
}

export async function updateBrand(ctx: StaffCtx, input: z.output<typeof updateBrandInput>) {
  if (input.logo) await assertStoredImages([input.logo], 'brand', 'logo');
  return inTransaction(ctx, async (tx) => {
    const [row] = await writeBrand(
      () =>
        tx.db
          .update(brands)
          .set({ name: input.name, logo: input.logo, sortOrder: input.sortOrder, updatedAt: new Date() })
          .where(eq(brands.id, input.id))
          .returning(),
      input.name,
    );
    if (!row) throw notFound('Brand');
    await recordAudit(tx, { action: 'brand.update', entityType: 'brand', entityId: row.id, detail: { name: row.name } });
    return row;
  });
}

/** Deletes a brand nobody uses (no products, suppliers or distributors); otherwise refuses. */
export async function deleteBrand(ctx: StaffCtx, input: z.output<typeof idInput>) {
  return inTransaction(ctx, async (tx) => {
    // Locked: a product created under it meanwhile waits, then fails its foreign key.
    const [row] = await tx.db.select().from(brands).where(eq(brands.id, input.id)).for('update');
    if (!row) throw notFound('Brand');
    const [[p], [s], [d]] = await Promise.all([
      tx.db.select({ n: count() }).from(products).where(eq(products.brandId, input.id)),
      tx.db.select({ n: count() }).from(supplierBrands).where(eq(supplierBrands.brandId, input.id)),
      tx.db.select({ n: count() }).from(distributorBrands).where(eq(distributorBrands.brandId, input.id)),
    ]);
    assertUnused('Brand', { products: p.n, suppliers: s.n, distributors: d.n });
    try {
      await tx.db.delete(attributeBrands).where(eq(attributeBrands.brandId, input.id));
      await tx.db.delete(brands).where(eq(brands.id, input.id));
    } catch (e) {
      if (isForeignKeyViolation(e)) assertUnused('Brand', { products: 1, suppliers: 0, distributors: 0 });
      throw e;
    }
    await recordAudit(tx, { action: 'brand.delete', entityType: 'brand', entityId: row.id, detail: { name: row.name } });
  });
}
