import { and, asc, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import { env } from '@/server/config/env';
import type { Tx } from '@/server/db/client';
import { orders } from '@/server/db/schema';
import type { SystemCtx } from '../context';
import { completionStep } from './confirm-receipt';
import { expireLockedOrder } from './expire';
import { applyOrderStep } from './step';

/**
 * The two deadlines of an order's life, kept by background sweeps (src/server/jobs):
 * - an unpaid order expires ORDER_PAYMENT_TIMEOUT_MINUTES after creation, and its stock
 *   goes back;
 * - a shipped order completes AUTO_COMPLETE_DAYS after its last package left (the same
 *   completion as the mall's confirm-receipt: the supplier's earnings are recorded).
 *
 * Why a periodic sweep and not a job per order queued at its deadline: a sweep keeps no
 * state of its own, so nothing is lost when a worker crashes, is stopped, or was never
 * running: the next sweep (every minute, and once as each worker starts) finds every order
 * that is due, by the partial indexes orders_pending_expiry_idx and orders_shipped_idx.
 * It also keeps order creation's hot path free of one more insert. The cost is up to a
 * minute of lateness, which changes nothing a mall relies on: pay() refuses (and expires)
 * an order past its deadline by itself, whenever the sweep comes.
 *
 * Each order is handled in a transaction of its own, taken with FOR UPDATE SKIP LOCKED:
 * several workers (or overlapping sweeps) share the due orders instead of queueing on the
 * same rows, and an order a mall is paying or confirming right now is skipped, then seen
 * again in its new state by the next sweep. The steps re-check the status under the lock,
 * so whoever gets the row first wins and the other does nothing.
 */

type OrderRow = typeof orders.$inferSelect;

/*
 * The statuses are written into the SQL, not bound as parameters: only then can PostgreSQL
 * match the partial indexes' predicates in every plan, prepared statements included.
 */

/** Due for expiry: unpaid, past the deadline by the database's clock (one clock for every worker). */
const dueForExpiry = and(sql`${orders.status} = 'pending_payment'`, lte(orders.expiresAt, sql`now()`))!;

/** Due for completion: shipped at least AUTO_COMPLETE_DAYS ago. */
const dueForCompletion = () => and(sql`${orders.status} = 'shipped'`, lte(orders.shippedAt, sql`now() - make_interval(days => ${env.autoCompleteDays})`))!;

/** Expires every unpaid order past its deadline; returns how many this call expired. */
export function expireDueOrders(ctx: SystemCtx): Promise<number> {
  return sweep(ctx, dueForExpiry, orders.expiresAt, (tx, order) => expireLockedOrder(tx, ctx, order));
}

/** Completes every order shipped long enough ago; returns how many this call completed. */
export function autoCompleteDueOrders(ctx: SystemCtx): Promise<number> {
  return sweep(ctx, dueForCompletion(), orders.shippedAt, async (tx, order) => {
    const outcome = await applyOrderStep(tx, ctx, order, completionStep('order.auto_complete'));
    if ('refusal' in outcome) throw outcome.refusal;
  });
}

/**
 * Takes due orders one at a time, oldest deadline first, each in its own transaction, until
 * none is left. An order whose step fails is left for the next sweep (and not retried in
 * this one, so one bad order cannot spin the sweep); the first such error is thrown at the
 * end, so the job reports it.
 */
async function sweep(ctx: SystemCtx, due: SQL, deadline: typeof orders.expiresAt | typeof orders.shippedAt, handle: (tx: Tx, order: OrderRow) => Promise<void>): Promise<number> {
  const failed: number[] = [];
  let firstError: unknown;
  let done = 0;
  for (;;) {
    const picked: { id?: number } = {};
    let took: OrderRow | undefined;
    try {
      took = await ctx.db.transaction(async (tx) => {
        const [order] = await tx
          .select()
          .from(orders)
          .where(and(due, failed.length ? notInArray(orders.id, failed) : undefined))
          .orderBy(asc(deadline))
          .limit(1)
          .for('update', { skipLocked: true });
        picked.id = order?.id;
        if (order) await handle(tx, order);
        return order;
      });
    } catch (error) {
      // Finding due orders failed: nothing to skip, the job fails and the next sweep tries again.
      if (picked.id === undefined) throw error;
      firstError ??= error;
      failed.push(picked.id);
      continue;
    }
    if (!took) break;
    done++;
  }
  if (firstError) throw firstError;
  return done;
}
