import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { products } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { invalidState, notFound } from '../errors';
import { recordStockMovements } from '../inventory/movements';
import { announceListingChange, announceStatusChange } from './announce';
import { bumpVersion } from './product-events';
import { assertValidContent, withUniqueSku } from './product-content';
import { STAFF_PRODUCT_COLUMNS } from './product-views';
import type { platformProductInput, updatePlatformProductInput } from './schemas';
import { inTransaction } from './tx';

/** Staff add a platform product (自营): on sale or off shelf at once, without review. */
export async function createPlatformProduct(ctx: StaffCtx, input: z.output<typeof platformProductInput>) {
  return inTransaction(ctx, async (tx) => {
    await assertValidContent(tx.db, { kind: 'platform' }, input);
    const [row] = await withUniqueSku(input.skuCode, () =>
      tx.db
        .insert(products)
        .values({ ...input, ownerSupplierId: null, visibility: 'all' })
        .returning(STAFF_PRODUCT_COLUMNS),
    );
    await recordStockMovements(tx.db, [{ productId: row.id, delta: row.stock, cause: { kind: 'created', userId: ctx.actor.userId } }]);
    await recordAudit(tx, { action: 'product.create', entityType: 'product', entityId: row.id, detail: { skuCode: row.skuCode, status: row.status, stock: row.stock } });
    await announceStatusChange(tx.db, [row.id], 'draft', row.status);
    return row;
  });
}

/**
 * Staff edit every field of a platform product, in any status. Stock is not among them
 * (adjustStock takes a reason), nor the status (setShelf). Malls hear of it at once.
 */
export async function updatePlatformProduct(ctx: StaffCtx, input: z.output<typeof updatePlatformProductInput>) {
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select(STAFF_PRODUCT_COLUMNS).from(products).where(eq(products.id, input.id)).for('no key update');
    if (!before) throw notFound('Product');
    if (before.ownerSupplierId !== null) throw invalidState("A supplier's product is edited by its supplier", { reason: 'supplier_product' });
    await assertValidContent(tx.db, { kind: 'platform' }, input, before);
    const { id, ...fields } = input;
    const [row] = await withUniqueSku(input.skuCode, () =>
      tx.db
        .update(products)
        .set({ ...fields, ...bumpVersion() })
        .where(and(eq(products.id, id), isNull(products.ownerSupplierId)))
        .returning(STAFF_PRODUCT_COLUMNS),
    );
    await recordAudit(tx, { action: 'product.update', entityType: 'product', entityId: id, detail: { changed: changedFields(before, fields) } });
    await announceListingChange(tx.db, [id], row.status);
    return row;
  });
}

/** The names of the fields an edit changed, for the audit log (names only, never values). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
