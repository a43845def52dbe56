import { and, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { orders } from '@/server/db/schema';
import type { Actor, Ctx } from '../context';
import { notFound } from '../errors';
import type { OrderRef } from './schemas';

/**
 * Who may act on orders: a mall or a distributor's portal login on its own orders only;
 * staff and the system (jobs) on any. Suppliers see their items through issue 6's
 * views, never through these verbs.
 */
export type OrderActor = Extract<Actor, { kind: 'mall' | 'distributor' | 'staff' | 'system' }>;
export type OrderCtx = Ctx<OrderActor>;

/** The tenant filter: another distributor's order is simply not found. */
export function ownOrders(actor: OrderActor): SQL | undefined {
  return actor.kind === 'mall' || actor.kind === 'distributor' ? eq(orders.distributorId, actor.distributorId) : undefined;
}

function refCondition(ref: OrderRef): SQL {
  return 'orderNo' in ref ? eq(orders.orderNo, ref.orderNo) : eq(orders.mallOrderNo, ref.mallOrderNo);
}

function assertOrderActor(actor: Actor): asserts actor is OrderActor {
  if (actor.kind === 'supplier') throw notFound('Order');
}

/** Reads an order the actor may see, or NOT_FOUND. */
export async function findOrder(db: DbOrTx, actor: Actor, ref: OrderRef) {
  assertOrderActor(actor);
  const matches = await db.select().from(orders).where(and(refCondition(ref), ownOrders(actor))).limit(2);
  // A mall order number is unique per distributor only: staff must name the order by its number.
  if (matches.length !== 1) throw notFound('Order', 'orderNo' in ref ? { orderNo: ref.orderNo } : { mallOrderNo: ref.mallOrderNo });
  return matches[0];
}

/**
 * Locks an order row for one business step. Every step on an order starts here, so two
 * steps on the same order (pay against cancel, two pays) take turns and the second sees
 * what the first did.
 */
export async function lockOrder(tx: DbOrTx, actor: Actor, ref: OrderRef) {
  assertOrderActor(actor);
  const matches = await tx.select().from(orders).where(and(refCondition(ref), ownOrders(actor))).limit(2).for('update');
  if (matches.length !== 1) throw notFound('Order', 'orderNo' in ref ? { orderNo: ref.orderNo } : { mallOrderNo: ref.mallOrderNo });
  return matches[0];
}
