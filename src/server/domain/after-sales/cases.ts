import { and, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { afterSalesCases, distributors, ledgerEntries, orders, packages, users } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { DistributorCtx, StaffCtx } from '../context';
import { invalidState, notFound } from '../errors';
import { lockOrder } from '../orders/access';
import { pageOf } from '../paging';
import { adjustBalance } from '../wallet/staff-postings';
import type { caseAdjustmentInput, caseIdInput, closeCaseInput, listCasesInput, openCaseInput } from './schemas';

/**
 * After-sales (售后) after shipping: refunds, returns and exchanges are handled in the mall;
 * the distributor records each case here and closes it with its resolution. No money moves
 * by itself (docs/product.md "Orders"): staff may adjust the distributor's balance by hand, with
 * a reason, and that adjustment names the case (its ledger reference is
 * `aftersales:<caseId>:<requestKey>`), so the case shows what was adjusted for it.
 * Every step is audited against the order, so the order's timeline shows it.
 */

type CaseCtx = StaffCtx | DistributorCtx;

/** The ledger reference of an adjustment made for a case. */
export const caseLedgerRef = (caseId: number, requestKey: string) => `aftersales:${caseId}:${requestKey}`;
const caseLedgerPattern = (caseId: number) => `aftersales:${caseId}:%`;

const ownCases = (ctx: CaseCtx): SQL | undefined => (ctx.actor.kind === 'distributor' ? eq(afterSalesCases.distributorId, ctx.actor.distributorId) : undefined);

/**
 * The distributor records a case on one of its orders that has shipped (wholly, or one of
 * its packages). Before anything ships the order is refunded instead, with its balance.
 */
export async function openCase(ctx: DistributorCtx, input: z.output<typeof openCaseInput>) {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx.actor, { orderNo: input.orderNo });
    // A test order's goods never left and its money was never live (domain/sandbox): there is nothing to settle.
    if (order.sandbox) throw invalidState('A test-mode order has no after-sales: nothing live was sold', { orderNo: order.orderNo, sandbox: true });
    const [shipped] = await tx.select({ id: packages.id }).from(packages).where(eq(packages.orderId, order.id)).limit(1);
    if (!shipped || !['paid', 'shipped', 'completed'].includes(order.status)) {
      throw invalidState('After-sales are recorded once the order has shipped; refund an unshipped order instead', { orderNo: order.orderNo, status: order.status });
    }
    const [created] = await tx
      .insert(afterSalesCases)
      .values({ orderId: order.id, distributorId: order.distributorId, type: input.type, reason: input.reason, resolution: input.resolution, createdByUserId: ctx.actor.userId })
      .returning();
    await recordAudit({ ...ctx, db: tx }, { action: 'after_sales.open', entityType: 'order', entityId: order.orderNo, detail: { caseId: created.id, type: input.type, reason: input.reason } });
    return { ...created, orderNo: order.orderNo };
  });
}

/** The distributor closes its case with the resolution reached. Closing a closed case is INVALID_STATE. */
export async function closeCase(ctx: DistributorCtx, input: z.output<typeof closeCaseInput>) {
  return ctx.db.transaction(async (tx) => {
    const [closed] = await tx
      .update(afterSalesCases)
      .set({ status: 'closed', resolution: input.resolution, closedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(afterSalesCases.id, input.caseId), ownCases(ctx), eq(afterSalesCases.status, 'open')))
      .returning();
    if (!closed) {
      const [existing] = await tx.select({ id: afterSalesCases.id }).from(afterSalesCases).where(and(eq(afterSalesCases.id, input.caseId), ownCases(ctx)));
      if (!existing) throw notFound('After-sales case', { caseId: input.caseId });
      throw invalidState('This case is already closed', { caseId: input.caseId, status: 'closed' });
    }
    const [order] = await tx.select({ orderNo: orders.orderNo }).from(orders).where(eq(orders.id, closed.orderId));
    await recordAudit({ ...ctx, db: tx }, { action: 'after_sales.close', entityType: 'order', entityId: order.orderNo, detail: { caseId: closed.id, resolution: input.resolution } });
    return { ...closed, orderNo: order.orderNo };
  });
}

const caseColumns = {
  id: afterSalesCases.id,
  orderNo: orders.orderNo,
  mallOrderNo: orders.mallOrderNo,
  distributorId: afterSalesCases.distributorId,
  distributorCode: distributors.code,
  distributorName: distributors.name,
  type: afterSalesCases.type,
  reason: afterSalesCases.reason,
  resolution: afterSalesCases.resolution,
  status: afterSalesCases.status,
  createdBy: users.username,
  createdAt: afterSalesCases.createdAt,
  closedAt: afterSalesCases.closedAt,
};

function casesQuery(ctx: CaseCtx, where: SQL | undefined) {
  return ctx.db
    .select(caseColumns)
    .from(afterSalesCases)
    .innerJoin(orders, eq(orders.id, afterSalesCases.orderId))
    .innerJoin(distributors, eq(distributors.id, afterSalesCases.distributorId))
    .leftJoin(users, eq(users.id, afterSalesCases.createdByUserId))
    .where(where)
    .orderBy(desc(afterSalesCases.id))
    .$dynamic();
}

/** Cases, newest first: staff see every distributor's, a distributor its own. */
export async function listCases(ctx: CaseCtx, input: z.output<typeof listCasesInput>) {
  const filters: (SQL | undefined)[] = [ownCases(ctx)];
  if (input.status) filters.push(eq(afterSalesCases.status, input.status));
  if (input.type) filters.push(eq(afterSalesCases.type, input.type));
  if (input.distributorId && ctx.actor.kind === 'staff') filters.push(eq(afterSalesCases.distributorId, input.distributorId));
  if (input.orderNo) {
    filters.push(inArray(afterSalesCases.orderId, ctx.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNo, input.orderNo))));
  }
  const where = and(...filters);
  return pageOf(ctx.db, input, casesQuery(ctx, where), afterSalesCases, where);
}

/** The cases of one order (the order's page lists them). */
export function casesOfOrder(ctx: CaseCtx, orderId: number) {
  return casesQuery(ctx, and(eq(afterSalesCases.orderId, orderId), ownCases(ctx)));
}

/** One case, with the balance adjustments staff made for it. Another distributor's is NOT_FOUND. */
export async function getCase(ctx: CaseCtx, input: z.output<typeof caseIdInput>) {
  const [found] = await casesQuery(ctx, and(eq(afterSalesCases.id, input.caseId), ownCases(ctx)));
  if (!found) throw notFound('After-sales case', { caseId: input.caseId });
  const adjustments = await ctx.db
    .select({ id: ledgerEntries.id, amount: ledgerEntries.amount, balanceAfter: ledgerEntries.balanceAfter, note: ledgerEntries.note, ref: ledgerEntries.ref, createdAt: ledgerEntries.createdAt })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.kind, 'adjustment'), eq(ledgerEntries.distributorId, found.distributorId), like(ledgerEntries.ref, caseLedgerPattern(found.id))))
    .orderBy(ledgerEntries.id);
  const c = ctx.actor.kind === 'staff' ? found : { ...found, createdBy: null };
  return { ...c, adjustments };
}

/**
 * Staff adjust the balance of the case's distributor by hand (docs/product.md: after shipping no
 * balance comes back by itself). The note names the case and its order, and the ledger
 * reference links the entry to the case; the same request key posts once.
 */
export async function adjustForCase(ctx: StaffCtx, input: z.output<typeof caseAdjustmentInput>) {
  const [found] = await ctx.db
    .select({ id: afterSalesCases.id, distributorId: afterSalesCases.distributorId, orderNo: orders.orderNo })
    .from(afterSalesCases)
    .innerJoin(orders, eq(orders.id, afterSalesCases.orderId))
    .where(eq(afterSalesCases.id, input.caseId));
  if (!found) throw notFound('After-sales case', { caseId: input.caseId });
  return adjustBalance(
    ctx,
    {
      distributorId: found.distributorId,
      direction: input.direction,
      amount: input.amount,
      reason: `售后 #${found.id}（${found.orderNo}）：${input.reason}`,
      requestKey: input.requestKey,
    },
    { ref: caseLedgerRef(found.id, input.requestKey), detail: { caseId: found.id, orderNo: found.orderNo } },
  );
}
