import { and, count, desc, eq, gte, like, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { distributors, outboxEvents, webhookDeliveries } from '@/server/db/schema';
import type { DistributorCtx, StaffCtx } from '../context';
import { businessDay, countsPerDay, recentDays, startOfRecentDays } from '../calendar';
import { BUSINESS_TIME_ZONE } from '../wallet/statement';
import { DELIVERY_STATUSES, type eventStatsInput, type listEventLogInput } from './log-schemas';

/**
 * The callback log of the portals (回调记录): every event sent to a mall, how its delivery
 * stands, and each try with the mall's answer (listDeliveries). Staff see every
 * distributor's; a distributor its own. Resending is resendEvent (delivery.ts).
 */

type LogCtx = StaffCtx | DistributorCtx;

/**
 * The events about one order, by outbox_events_order_idx. Its predicate is written into
 * the SQL as it stands in the index (a bound parameter would hide it from the planner).
 */
export const orderEventsOf = (orderNo: string): SQL => sql`(${outboxEvents.data}->>'orderNo') = ${orderNo} AND ${outboxEvents.type} LIKE 'order.%'`;

const ownEvents = (ctx: LogCtx): SQL | undefined => (ctx.actor.kind === 'distributor' ? eq(outboxEvents.distributorId, ctx.actor.distributorId) : undefined);

export async function listEventLog(ctx: LogCtx, input: z.output<typeof listEventLogInput>) {
  const where: (SQL | undefined)[] = [ownEvents(ctx)];
  if (input.status) where.push(eq(outboxEvents.deliveryStatus, input.status));
  if (input.type) where.push(input.type.endsWith('.') ? like(outboxEvents.type, `${input.type.replace(/[%_\\]/g, '\\$&')}%`) : eq(outboxEvents.type, input.type));
  if (input.distributorId && ctx.actor.kind === 'staff') where.push(eq(outboxEvents.distributorId, input.distributorId));
  if (input.from) where.push(sql`${outboxEvents.createdAt} >= (${input.from}::date::timestamp AT TIME ZONE ${BUSINESS_TIME_ZONE})`);
  if (input.to) where.push(sql`${outboxEvents.createdAt} < ((${input.to}::date + 1)::timestamp AT TIME ZONE ${BUSINESS_TIME_ZONE})`);
  if (input.search) {
    where.push(
      input.search.startsWith('evt_')
        ? eq(outboxEvents.eventId, input.search)
        : orderEventsOf(input.search),
    );
  }
  const filter = and(...where);
  // The number of tries and the latest answer of each event on the page, in the same statement.
  const lastTry = (column: string) =>
    sql.raw(`(SELECT d.${column} FROM webhook_deliveries d WHERE d.outbox_event_id = outbox_events.id ORDER BY d.id DESC LIMIT 1)`);
  const rows = await ctx.db
    .select({
      eventId: outboxEvents.eventId,
      type: outboxEvents.type,
      distributorCode: distributors.code,
      /** Nothing is sent without a callback URL: the mall reads its events from GET /events. */
      noCallbackUrl: sql<boolean>`${distributors.callbackUrl} IS NULL`,
      deliveryStatus: outboxEvents.deliveryStatus,
      nextAttemptAt: outboxEvents.nextAttemptAt,
      deliveredAt: outboxEvents.deliveredAt,
      createdAt: outboxEvents.createdAt,
      orderNo: sql<string | null>`${outboxEvents.data}->>'orderNo'`,
      productId: sql<number | null>`(${outboxEvents.data}->>'productId')::int`,
      tries: sql<number>`(SELECT count(*) FROM ${webhookDeliveries} d WHERE d.outbox_event_id = ${outboxEvents.id})::int`,
      lastStatus: sql<number | null>`${lastTry('http_status')}`,
      lastError: sql<string | null>`${lastTry('error')}`,
    })
    .from(outboxEvents)
    .innerJoin(distributors, eq(distributors.id, outboxEvents.distributorId))
    .where(filter)
    .orderBy(desc(outboxEvents.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [{ total }] = await ctx.db.select({ total: count() }).from(outboxEvents).where(filter);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

/** Events per day of the last `days` days by how their delivery stands: the chart above the log. */
export async function eventStats(ctx: LogCtx, input: z.output<typeof eventStatsInput>) {
  const day = businessDay(outboxEvents.createdAt);
  const [rows, days] = await Promise.all([
    ctx.db
      .select({ day, key: outboxEvents.deliveryStatus, n: count() })
      .from(outboxEvents)
      .where(and(ownEvents(ctx), gte(outboxEvents.createdAt, startOfRecentDays(input.days))))
      .groupBy(day, outboxEvents.deliveryStatus),
    recentDays(ctx.db, input.days),
  ]);
  return countsPerDay(days, DELIVERY_STATUSES, rows);
}
