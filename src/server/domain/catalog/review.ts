/**
 * Staff review of supplier products: approve (staff set the platform's supply price; the
 * supplier's supply price is the cost price) → on sale, or reject with a reason. Each
 * decision goes to the audit log, which is also what the supplier sees as the history.
 */
import { and, asc, eq, isNotNull, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { containsText } from '@/server/db/like';
import { products } from '@/server/db/schema';
import { pageOf } from '../paging';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { DomainError, invalidState, notFound } from '../errors';
import { announceStatusChange } from './announce';
import { bumpVersion } from './product-events';
import { selectStaffProducts, STAFF_PRODUCT_COLUMNS, withImageUrls } from './product-views';
import type { approveInput, rejectInput, reviewQueueInput } from './schemas';
import { inTransaction } from './tx';

/** The products waiting for review, the longest-waiting first. */
export async function reviewQueue(ctx: StaffCtx, input: z.output<typeof reviewQueueInput>) {
  const conditions: (SQL | undefined)[] = [eq(products.status, 'pending_review'), isNotNull(products.ownerSupplierId)];
  if (input.supplierId) conditions.push(eq(products.ownerSupplierId, input.supplierId));
  if (input.q) conditions.push(or(containsText(products.title, input.q), containsText(products.skuCode, input.q)));
  const where = and(...conditions);
  const page = await pageOf(ctx.db, input, selectStaffProducts(ctx.db).where(where).orderBy(asc(products.submittedAt), asc(products.id)), products, where);
  return { ...page, rows: page.rows.map(withImageUrls) };
}

/**
 * Locks a product in review, checking it is still the submission the reviewer looked at: a
 * supplier who withdrew and resubmitted meanwhile gets a fresh review, not this decision.
 */
async function lockSubmission(ctx: StaffCtx, id: number, submittedAt: Date) {
  const [row] = await ctx.db.select(STAFF_PRODUCT_COLUMNS).from(products).where(and(eq(products.id, id), isNotNull(products.ownerSupplierId))).for('no key update');
  if (!row) throw notFound('Product');
  if (row.status !== 'pending_review') throw invalidState('The product is not waiting for review', { reason: 'not_in_review', status: row.status });
  if (row.submittedAt?.getTime() !== submittedAt.getTime()) {
    throw new DomainError('CONFLICT', 'The supplier changed the product since you opened it; reload and review again', { reason: 'resubmitted' });
  }
  return row;
}

export async function approveProduct(ctx: StaffCtx, input: z.output<typeof approveInput>) {
  return inTransaction(ctx, async (tx) => {
    await lockSubmission(tx, input.id, input.submittedAt);
    const [row] = await tx.db
      .update(products)
      .set({ status: 'on_sale', supplyPrice: input.supplyPrice, rejectReason: null, reviewedAt: new Date(), ...bumpVersion() })
      .where(eq(products.id, input.id))
      .returning(STAFF_PRODUCT_COLUMNS);
    await recordAudit(tx, { action: 'product.approve', entityType: 'product', entityId: input.id, detail: { supplyPrice: input.supplyPrice, costPrice: row.costPrice } });
    await announceStatusChange(tx.db, [input.id], 'pending_review', 'on_sale');
    return row;
  });
}

export async function rejectProduct(ctx: StaffCtx, input: z.output<typeof rejectInput>) {
  return inTransaction(ctx, async (tx) => {
    await lockSubmission(tx, input.id, input.submittedAt);
    const [row] = await tx.db
      .update(products)
      .set({ status: 'rejected', rejectReason: input.reason, reviewedAt: new Date(), ...bumpVersion() })
      .where(eq(products.id, input.id))
      .returning(STAFF_PRODUCT_COLUMNS);
    await recordAudit(tx, { action: 'product.reject', entityType: 'product', entityId: input.id, detail: { reason: input.reason } });
    return row;
  });
}
