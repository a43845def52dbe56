import { and, asc, eq, inArray, like, or } from 'drizzle-orm';
import { afterSalesCases, auditLog, distributors, ledgerEntries, orders, outboxEvents, users } from '@/server/db/schema';
import type { ActorKind } from '../context';
import { orderEventsOf } from '../events/log';
import { orderLedgerRef } from './release';
import type { PortalCtx } from './list';

/**
 * Every step of an order's life, oldest first, from what was recorded as it happened:
 * - the audit rows of the order (each step writes one in its own transaction: created,
 *   paid, each package shipped, refunded, cancelled, expired, completed by the mall or by
 *   the auto-complete job, after-sales cases opened and closed);
 * - the ledger entries it caused (the payment's debit, a refund's credit, and staff's
 *   adjustments made for its after-sales cases);
 * - the events sent to the mall about it, with how their delivery went.
 * Nothing is inferred: an entry is there because a row says so.
 *
 * What each portal sees: staff everything; a distributor everything, without the names of
 * the platform's people or the supplier; a supplier only the steps that concern its goods
 * (no money, no callbacks, no after-sales), and the details of its own package only.
 */

export type TimelineEntry = {
  at: Date;
  /** An audit action (`order.pay`, `order.ship`, `after_sales.open`, …), `ledger` or `callback`. */
  action: string;
  actor: { kind: ActorKind; name: string | null } | null;
  detail: Record<string, string | number | boolean | null>;
};

type OrderRow = Pick<typeof orders.$inferSelect, 'id' | 'orderNo' | 'distributorId' | 'createdAt'>;

const SUPPLIER_STEPS = new Set(['order.create', 'order.pay', 'order.cancel', 'order.expire', 'order.refund', 'order.ship', 'order.confirm_receipt', 'order.auto_complete']);

/** Keeps the plain values of an audit row's detail (what the page shows). */
function plain(detail: Record<string, unknown>, keys?: string[]) {
  const out: TimelineEntry['detail'] = {};
  for (const [k, v] of Object.entries(detail)) {
    if (keys && !keys.includes(k)) continue;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

export async function orderTimeline(ctx: PortalCtx, order: OrderRow): Promise<TimelineEntry[]> {
  const supplierId = ctx.actor.kind === 'supplier' ? ctx.actor.supplierId : null;
  const audits = await ctx.db
    .select({ at: auditLog.createdAt, id: auditLog.id, action: auditLog.action, actorKind: auditLog.actorKind, username: users.username, distributorCode: distributors.code, detail: auditLog.detail })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(distributors, eq(distributors.id, auditLog.actorDistributorId))
    .where(and(eq(auditLog.entityType, 'order'), eq(auditLog.entityId, order.orderNo)))
    .orderBy(asc(auditLog.id));

  const steps: TimelineEntry[] = audits.flatMap((a): TimelineEntry[] => {
    if (supplierId !== null) {
      if (!SUPPLIER_STEPS.has(a.action)) return [];
      const own = a.action === 'order.ship' ? a.detail.ownerSupplierId === supplierId : false;
      const keep = a.action === 'order.ship' ? (own ? ['carrier', 'trackingNo', 'orderShipped'] : ['orderShipped']) : a.action === 'order.refund' ? ['reason'] : [];
      return [{ at: a.at, action: a.action, actor: { kind: a.actorKind, name: null }, detail: { ...plain(a.detail, keep), ...(a.action === 'order.ship' ? { own } : {}) } }];
    }
    // A distributor knows its own logins and its mall; the platform's people and suppliers stay anonymous.
    const name = ctx.actor.kind === 'staff' ? (a.username ?? a.distributorCode) : a.actorKind === 'distributor' || a.actorKind === 'mall' ? (a.username ?? a.distributorCode) : null;
    const detail = ctx.actor.kind === 'staff' ? plain(a.detail) : plain(a.detail, ['reason', 'carrier', 'trackingNo', 'orderShipped', 'caseId', 'type', 'resolution', 'initiatedBy', 'totalAmount']);
    return [{ at: a.at, action: a.action, actor: { kind: a.actorKind, name }, detail }];
  });
  if (!audits.some((a) => a.action === 'order.create')) steps.unshift({ at: order.createdAt, action: 'order.create', actor: null, detail: {} });
  if (supplierId !== null) return steps;

  const [money, callbacks] = await Promise.all([ledgerOfOrder(ctx, order), callbacksOfOrder(ctx, order)]);
  return [...steps, ...money, ...callbacks].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The order's debit and refund, and the adjustments staff made for its after-sales cases. */
async function ledgerOfOrder(ctx: PortalCtx, order: OrderRow): Promise<TimelineEntry[]> {
  const caseIds = (await ctx.db.select({ id: afterSalesCases.id }).from(afterSalesCases).where(eq(afterSalesCases.orderId, order.id))).map((c) => c.id);
  const rows = await ctx.db
    .select({ at: ledgerEntries.createdAt, kind: ledgerEntries.kind, amount: ledgerEntries.amount, balanceAfter: ledgerEntries.balanceAfter, ref: ledgerEntries.ref })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.distributorId, order.distributorId),
        or(
          and(inArray(ledgerEntries.kind, ['order_debit', 'refund_credit']), eq(ledgerEntries.ref, orderLedgerRef(order.orderNo))),
          ...caseIds.map((id) => and(eq(ledgerEntries.kind, 'adjustment'), like(ledgerEntries.ref, `aftersales:${id}:%`))),
        ),
      ),
    )
    .orderBy(asc(ledgerEntries.id));
  return rows.map((r) => ({ at: r.at, action: 'ledger', actor: null, detail: { kind: r.kind, amount: r.amount, balanceAfter: r.balanceAfter, caseId: r.ref.startsWith('aftersales:') ? Number(r.ref.split(':')[1]) : null } }));
}

/** The order.* events sent to the mall about this order, and how their delivery stands. */
async function callbacksOfOrder(ctx: PortalCtx, order: OrderRow): Promise<TimelineEntry[]> {
  const rows = await ctx.db
    .select({
      at: outboxEvents.createdAt,
      eventId: outboxEvents.eventId,
      type: outboxEvents.type,
      deliveryStatus: outboxEvents.deliveryStatus,
      attempts: outboxEvents.attempts,
      deliveredAt: outboxEvents.deliveredAt,
      callbackUrl: distributors.callbackUrl,
    })
    .from(outboxEvents)
    .innerJoin(distributors, eq(distributors.id, outboxEvents.distributorId))
    // outbox_events_order_idx: the order's events without reading the distributor's whole feed.
    .where(and(orderEventsOf(order.orderNo), eq(outboxEvents.distributorId, order.distributorId)))
    .orderBy(asc(outboxEvents.id));
  return rows.map((r) => ({
    at: r.at,
    action: 'callback',
    actor: null,
    detail: {
      type: r.type,
      eventId: r.eventId,
      // Without a callback URL nothing is sent: the mall reads the event from GET /events.
      deliveryStatus: r.deliveryStatus === 'pending' && !r.callbackUrl ? 'feed_only' : r.deliveryStatus === 'pending' && r.attempts === 0 ? 'queued' : r.deliveryStatus,
      attempts: r.attempts,
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
    },
  }));
}
