/**
 * A supplier's side of its products (docs/product.md "Products"): save as draft (暂不审核) or
 * submit for review (立即审核); edit while draft, rejected or off shelf; while on sale only
 * the stock moves; take off shelf. Every query is scoped to `ctx.actor.supplierId`: another
 * supplier's product is NOT_FOUND, never a hint that it exists.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { products } from '@/server/db/schema';
import { setStock } from '../inventory/stock-rules';
import { recordAudit } from '../audit';
import type { SupplierCtx } from '../context';
import { invalidState, notFound } from '../errors';
import { recordStockMovements } from '../inventory/movements';
import { announceStatusChange } from './announce';
import { changedFields } from './platform-products';
import { bumpVersion } from './product-events';
import { assertValidContent, withUniqueSku } from './product-content';
import { SUPPLIER_PRODUCT_COLUMNS } from './product-views';
import type { idInput, setStockInput, supplierProductInput, updateSupplierProductInput } from './schemas';
import { inTransaction } from './tx';

type Status = (typeof products.$inferSelect)['status'];

/** The statuses in which a supplier may edit the whole product. */
export const SUPPLIER_EDITABLE: readonly Status[] = ['draft', 'rejected', 'off_shelf'];

const owned = (ctx: SupplierCtx, id: number) => and(eq(products.id, id), eq(products.ownerSupplierId, ctx.actor.supplierId));

/** Locks one of the supplier's own products, or answers NOT_FOUND. */
async function lockOwn(ctx: SupplierCtx, id: number) {
  const [row] = await ctx.db.select(SUPPLIER_PRODUCT_COLUMNS).from(products).where(owned(ctx, id)).for('no key update');
  if (!row) throw notFound('Product');
  return row;
}

function refuseEdit(status: Status): never {
  if (status === 'on_sale' || status === 'sold_out') {
    throw invalidState('While on sale only the stock can change; take the product off shelf to edit it', { reason: 'on_sale_stock_only' });
  }
  throw invalidState('The product is in review; withdraw the submission to edit it', { reason: 'in_review' });
}

export async function createSupplierProduct(ctx: SupplierCtx, input: z.output<typeof supplierProductInput>) {
  const { submit, ...fields } = input;
  return inTransaction(ctx, async (tx) => {
    await assertValidContent(tx.db, { kind: 'supplier', supplierId: ctx.actor.supplierId }, fields);
    const [row] = await withUniqueSku(fields.skuCode, () =>
      tx.db
        .insert(products)
        .values({
          ...fields,
          ownerSupplierId: ctx.actor.supplierId,
          status: submit ? 'pending_review' : 'draft',
          submittedAt: submit ? new Date() : null,
        })
        .returning(SUPPLIER_PRODUCT_COLUMNS),
    );
    await recordStockMovements(tx.db, [{ productId: row.id, delta: row.stock, cause: { kind: 'created', userId: ctx.actor.userId } }]);
    await recordAudit(tx, { action: 'product.create', entityType: 'product', entityId: row.id, detail: { skuCode: row.skuCode } });
    if (submit) await recordAudit(tx, { action: 'product.submit', entityType: 'product', entityId: row.id });
    return row;
  });
}

/**
 * Edits a draft, rejected or off-shelf product. It becomes a draft again, or goes to review
 * with `submit`: an edited product never returns to sale without a review.
 */
export async function updateSupplierProduct(ctx: SupplierCtx, input: z.output<typeof updateSupplierProductInput>) {
  const { id, submit, ...fields } = input;
  return inTransaction(ctx, async (tx) => {
    const before = await lockOwn(tx, id);
    if (!SUPPLIER_EDITABLE.includes(before.status)) refuseEdit(before.status);
    await assertValidContent(tx.db, { kind: 'supplier', supplierId: ctx.actor.supplierId }, fields, before);
    const [row] = await withUniqueSku(fields.skuCode, () =>
      tx.db
        .update(products)
        .set({
          ...fields,
          status: submit ? 'pending_review' : 'draft',
          submittedAt: submit ? new Date() : before.submittedAt,
          // The reason stays in view while the supplier fixes a rejected product.
          rejectReason: submit ? null : before.rejectReason,
          ...bumpVersion(),
        })
        .where(owned(ctx, id))
        .returning(SUPPLIER_PRODUCT_COLUMNS),
    );
    // The row was locked before `before` was read: the stock it replaces is exact.
    await recordStockMovements(tx.db, [{ productId: id, delta: row.stock - before.stock, cause: { kind: 'set', userId: ctx.actor.userId } }]);
    // Field names only, and never the private cost: staff read this log.
    const changed = changedFields(before, fields).filter((f) => f !== 'supplierCostPrice');
    await recordAudit(tx, { action: 'product.update', entityType: 'product', entityId: id, detail: { changed } });
    if (submit) await recordAudit(tx, { action: 'product.submit', entityType: 'product', entityId: id });
    return row;
  });
}

/** Moves one own product from one of `from` to `to`, or explains why it cannot. */
async function transition(ctx: SupplierCtx, id: number, from: readonly Status[], to: Status, action: string, refuse: (status: Status) => never) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockOwn(tx, id);
    if (!from.includes(before.status)) refuse(before.status);
    const [row] = await tx.db
      .update(products)
      .set({
        status: to,
        ...(to === 'pending_review' ? { submittedAt: new Date(), rejectReason: null } : {}),
        ...bumpVersion(),
      })
      .where(and(owned(ctx, id), inArray(products.status, [...from])))
      .returning(SUPPLIER_PRODUCT_COLUMNS);
    await recordAudit(tx, { action, entityType: 'product', entityId: id, detail: { from: before.status } });
    await announceStatusChange(tx.db, [id], before.status, to);
    return row;
  });
}

/** 提交审核: a draft, a fixed rejected product, or an off-shelf one to be listed again. */
export function submitForReview(ctx: SupplierCtx, input: z.output<typeof idInput>) {
  return transition(ctx, input.id, SUPPLIER_EDITABLE, 'pending_review', 'product.submit', (status) => {
    throw invalidState(status === 'pending_review' ? 'The product is already in review' : 'A product on sale needs no review', { reason: status });
  });
}

/** 撤回: takes a submission back out of review, to edit it. */
export function withdrawSubmission(ctx: SupplierCtx, input: z.output<typeof idInput>) {
  return transition(ctx, input.id, ['pending_review'], 'draft', 'product.withdraw', () => {
    throw invalidState('Only a product in review can be withdrawn', { reason: 'not_in_review' });
  });
}

/** 下架 by the supplier: malls withdraw the listing at once. */
export function supplierTakeOffShelf(ctx: SupplierCtx, input: z.output<typeof idInput>) {
  return transition(ctx, input.id, ['on_sale', 'sold_out'], 'off_shelf', 'product.off_shelf', () => {
    throw invalidState('Only a product on sale can be taken off shelf', { reason: 'not_on_sale' });
  });
}

/**
 * The supplier keeps its stock up to date, in any status (the one change allowed while on
 * sale). Restocking a sold-out product puts it back on sale (stock-rules.ts).
 */
export async function supplierSetStock(ctx: SupplierCtx, input: z.output<typeof setStockInput>) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockOwn(tx, input.id);
    const change = await setStock(tx.db, input.id, input.stock, { kind: 'set', userId: ctx.actor.userId });
    await recordAudit(tx, { action: 'product.stock_set', entityType: 'product', entityId: input.id, detail: { from: before.stock, to: change.stock } });
    return change;
  });
}
