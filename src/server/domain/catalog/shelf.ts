import { and, asc, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { products } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { announceStatusChange } from './announce';
import { bumpVersion } from './product-events';
import type { shelfInput } from './schemas';
import { inTransaction } from './tx';

export type ShelfSkip = { id: number; reason: 'not_found' | 'not_on_sale' | 'not_off_shelf' | 'supplier_product' };

/**
 * 上架 / 下架 by staff, for one product or many. Off shelf: any product on sale or sold out.
 * On sale: platform products that are off shelf; a supplier's product goes back on sale only
 * through its supplier's resubmission and a review. Products that cannot move are listed
 * with the reason; the others move together, in one transaction.
 */
export async function setShelf(ctx: StaffCtx, input: z.output<typeof shelfInput>) {
  const ids = [...new Set(input.ids)].sort((a, b) => a - b);
  return inTransaction(ctx, async (tx) => {
    // Locked in id order, so two bulk actions over overlapping products cannot deadlock.
    const rows = await tx.db
      .select({ id: products.id, status: products.status, ownerSupplierId: products.ownerSupplierId })
      .from(products)
      .where(inArray(products.id, ids))
      .orderBy(asc(products.id))
      .for('no key update');
    const found = new Map(rows.map((r) => [r.id, r]));
    const skipped: ShelfSkip[] = [];
    const movable: number[] = [];
    for (const id of ids) {
      const row = found.get(id);
      if (!row) skipped.push({ id, reason: 'not_found' });
      else if (!input.onSale && row.status !== 'on_sale' && row.status !== 'sold_out') skipped.push({ id, reason: 'not_on_sale' });
      else if (input.onSale && row.ownerSupplierId !== null) skipped.push({ id, reason: 'supplier_product' });
      else if (input.onSale && row.status !== 'off_shelf') skipped.push({ id, reason: 'not_off_shelf' });
      else movable.push(id);
    }
    if (movable.length) {
      await tx.db
        .update(products)
        .set({ status: input.onSale ? 'on_sale' : 'off_shelf', ...bumpVersion() })
        .where(and(inArray(products.id, movable), input.onSale ? isNull(products.ownerSupplierId) : sql`true`));
      for (const id of movable) {
        await recordAudit(tx, { action: input.onSale ? 'product.on_shelf' : 'product.off_shelf', entityType: 'product', entityId: id, detail: { from: found.get(id)!.status } });
      }
      if (input.onSale) await announceStatusChange(tx.db, movable, 'off_shelf', 'on_sale');
      else await announceStatusChange(tx.db, movable, 'on_sale', 'off_shelf');
    }
    return { changed: movable, skipped };
  });
}
