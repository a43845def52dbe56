import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from '@/server/db/client';
import { orders } from '@/server/db/schema';
import { recordAudit } from '../audit';
import { DomainError, invalidState } from '../errors';
import type { Ctx } from '../context';
import { lockOrder, type OrderCtx } from './access';
import { loadMallOrder, type MallOrder, type OrderStatus } from './mall-order';
import { recordOrderEvent, type OrderEventType } from './order-events';
import type { OrderRef } from './schemas';

type OrderRow = typeof orders.$inferSelect;

export type OrderStep = {
  /** Audit action, e.g. `order.pay`. */
  action: string;
  /** Statuses in which this step has already taken effect: repeating it answers with the order. */
  done: readonly OrderStatus[];
  /** Statuses the step may start from; any other is INVALID_STATE. */
  from: readonly OrderStatus[];
  /** The event that tells the mall, if the step has one. */
  event?: OrderEventType;
  /**
   * Does the step on the locked order (status update included). May return an error to
   * answer with after committing what it did (pay finding the order past its deadline
   * expires it, and then refuses).
   */
  apply: (tx: Tx, order: OrderRow) => Promise<void | DomainError>;
  detail?: Record<string, unknown>;
};

/**
 * Runs one step of an order's life in one transaction: lock the order (tenant-filtered),
 * then apply the step to it (applyOrderStep).
 */
export async function runOrderStep(ctx: OrderCtx, ref: OrderRef, step: OrderStep): Promise<MallOrder> {
  const outcome = await ctx.db.transaction(async (tx) => applyOrderStep(tx, ctx, await lockOrder(tx, ctx.actor, ref), step));
  if ('refusal' in outcome) throw outcome.refusal;
  return outcome.order;
}

export type StepOutcome = { order: MallOrder } | { refusal: DomainError };

/**
 * Applies a step to an order row the caller has locked (runOrderStep, or a job that took
 * the row with SKIP LOCKED): answer at once if the step already took effect, refuse a step
 * the state forbids, else apply it, record the audit row and the mall's event, and answer
 * with the order. A refusal is returned, not thrown, so that what the step did before
 * refusing (pay expiring a late order) still commits.
 */
export async function applyOrderStep(tx: Tx, ctx: Ctx, order: OrderRow, step: OrderStep): Promise<StepOutcome> {
  if (step.done.includes(order.status)) return { order: await loadMallOrder(tx, order.id) };
  if (!step.from.includes(order.status)) {
    throw invalidState(`The order is ${order.status}: ${step.action.replace('order.', '')} is not possible`, { orderNo: order.orderNo, status: order.status });
  }
  const refusal = await step.apply(tx, order);
  if (refusal) return { refusal };
  await recordAudit({ ...ctx, db: tx }, { action: step.action, entityType: 'order', entityId: order.orderNo, detail: { from: order.status, ...step.detail } });
  return { order: step.event ? await recordOrderEvent(tx, order, step.event) : await loadMallOrder(tx, order.id) };
}

/** Sets the status (and its timestamp column) of a locked order. */
export async function setOrderStatus(tx: Tx, orderId: number, status: OrderStatus, extra: PgUpdateSetSource<typeof orders> = {}) {
  await tx
    .update(orders)
    .set({ status, updatedAt: sql`now()`, ...extra })
    .where(eq(orders.id, orderId));
}
