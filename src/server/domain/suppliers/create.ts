import type { z } from 'zod';
import { supplierBrands, supplierCategories, suppliers } from '@/server/db/schema';
import { insertUser } from '../accounts/users';
import type { createSupplierInput } from '../accounts/schemas';
import { recordAudit } from '../audit';
import type { Ctx } from '../context';
import { knownCategoriesAndBrands } from '../catalog/references';
import { supplierLoginUrl } from './login-link';

/**
 * Creates a supplier company with its login and its assigned categories and brands,
 * in one transaction. Staff call it; so does the seed (as the system).
 */
export async function createSupplier(ctx: Ctx<{ kind: 'staff'; userId: number } | { kind: 'system' }>, input: z.output<typeof createSupplierInput>) {
  return ctx.db.transaction(async (tx) => {
    const { categoryIds, brandIds } = await knownCategoriesAndBrands(tx, input);
    const [supplier] = await tx
      .insert(suppliers)
      .values({ name: input.name, contactName: input.contactName, phone: input.phone })
      .returning({ id: suppliers.id });
    if (categoryIds.length) await tx.insert(supplierCategories).values(categoryIds.map((categoryId) => ({ supplierId: supplier.id, categoryId })));
    if (brandIds.length) await tx.insert(supplierBrands).values(brandIds.map((brandId) => ({ supplierId: supplier.id, brandId })));
    const user = await insertUser(tx, { role: 'supplier', supplierId: supplier.id, username: input.username, password: input.password, displayName: input.name });
    await recordAudit({ ...ctx, db: tx }, { action: 'supplier.create', entityType: 'supplier', entityId: supplier.id, detail: { name: input.name, username: user.username } });
    return { id: supplier.id, userId: user.id, username: user.username, loginUrl: supplierLoginUrl() };
  });
}
