import { and, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/server/db/client';
import { distributors, outboxEvents } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { DistributorCtx, StaffCtx } from '../context';
import { idSchema } from '../ids';
import { distributorFilter, targetDistributor } from '../distributors/scope';
import { invalidState, notFound } from '../errors';

/**
 * The health of a distributor's callback endpoint (docs/open-api.md "回调"): an endpoint
 * that fails for 3 days is disabled, and one that answers `410 Gone` is disabled at once.
 * While disabled nothing is sent; events keep being recorded (`GET /events`) and wait.
 * Staff or the distributor enable it again, which sends the events that waited.
 */

export const DISABLE_AFTER_FAILING_DAYS = 3;

/** At most this many events are queued by one "resend failed since" (the rest: press again). */
export const MAX_RESEND_BATCH = 5000;

type EndpointCtx = StaffCtx | DistributorCtx;

/**
 * After a try: a 2xx clears the failing streak; a failure starts it (or continues it) and
 * disables the endpoint once it has lasted 3 days; `410 Gone` disables at once. One
 * conditional UPDATE, so concurrent deliveries to the same endpoint agree on when it was
 * disabled. Returns true when this try disabled it.
 */
export async function recordEndpointOutcome(db: Db, distributorId: number, outcome: { delivered: boolean; httpStatus: number | null }): Promise<boolean> {
  if (outcome.delivered) {
    await db.update(distributors).set({ callbackFailingSince: null }).where(and(eq(distributors.id, distributorId), isNotNull(distributors.callbackFailingSince)));
    return false;
  }
  const gone = outcome.httpStatus === 410;
  const [row] = await db.execute<{ disabled: boolean }>(sql`
    update distributors d set
      callback_failing_since = coalesce(d.callback_failing_since, now()),
      callback_disabled_at = case when ${gone} or coalesce(d.callback_failing_since, now()) <= now() - make_interval(days => ${DISABLE_AFTER_FAILING_DAYS}) then now() end,
      callback_disabled_reason = case when ${gone} then 'gone'
                                      when coalesce(d.callback_failing_since, now()) <= now() - make_interval(days => ${DISABLE_AFTER_FAILING_DAYS}) then 'failing' end
    where d.id = ${distributorId} and d.callback_disabled_at is null
    returning d.callback_disabled_at is not null as disabled`);
  if (row?.disabled) {
    await recordAudit({ db, actor: { kind: 'system' } }, { action: 'distributor.callbacks_disabled', entityType: 'distributor', entityId: distributorId, detail: { reason: gone ? 'gone' : 'failing' } });
  }
  return Boolean(row?.disabled);
}

/** Staff name the distributor; a distributor's own is the session's (its router leaves `id` out). */
export const endpointInput = z.strictObject({ id: idSchema.optional() });

/** The callback endpoint as the portals show it. */
export async function getEndpointStatus(ctx: EndpointCtx, input: z.output<typeof endpointInput> = {}) {
  const id = targetDistributor(ctx, input.id);
  const [row] = await ctx.db
    .select({
      id: distributors.id,
      code: distributors.code,
      name: distributors.name,
      callbackUrl: distributors.callbackUrl,
      failingSince: distributors.callbackFailingSince,
      disabledAt: distributors.callbackDisabledAt,
      disabledReason: distributors.callbackDisabledReason,
      waiting: sql<number>`(select count(*) from ${outboxEvents} e where e.distributor_id = ${distributors.id} and e.delivery_status = 'pending')::int`,
    })
    .from(distributors)
    .where(eq(distributors.id, id));
  if (!row) throw notFound('Distributor');
  return row;
}

/** Staff: every disabled endpoint, newest first. */
export async function listDisabledEndpoints(ctx: StaffCtx) {
  return ctx.db
    .select({
      id: distributors.id,
      code: distributors.code,
      name: distributors.name,
      callbackUrl: distributors.callbackUrl,
      disabledAt: distributors.callbackDisabledAt,
      disabledReason: distributors.callbackDisabledReason,
    })
    .from(distributors)
    .where(isNotNull(distributors.callbackDisabledAt))
    .orderBy(desc(distributors.callbackDisabledAt))
    .limit(200);
}

/**
 * Enables a disabled endpoint again and sends what waited meanwhile: every event of the
 * distributor still pending gets a delivery try now (a pending event may already have a
 * retry queued; the mall dedupes on `id`, as for any delivery).
 */
export async function enableEndpoint(ctx: EndpointCtx, input: z.output<typeof endpointInput> = {}): Promise<{ queued: number }> {
  const id = targetDistributor(ctx, input.id);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(distributors)
      .set({ callbackDisabledAt: null, callbackDisabledReason: null, callbackFailingSince: null })
      .where(eq(distributors.id, id))
      .returning({ callbackUrl: distributors.callbackUrl });
    if (!row) throw notFound('Distributor');
    const queued = row.callbackUrl ? await queueDeliveries(tx, sql`e.distributor_id = ${id} and e.delivery_status = 'pending'`, 'auto') : 0;
    await recordAudit({ ...ctx, db: tx }, { action: 'distributor.callbacks_enabled', entityType: 'distributor', entityId: id, detail: { queued } });
    return { queued };
  });
}

export const resendFailedInput = z.strictObject({
  /** Failed events recorded at or after this moment. */
  since: z.coerce.date(),
  /** Staff: one distributor (default: every distributor). A distributor's router leaves it out. */
  distributorId: idSchema.optional(),
});

/**
 * Resends every failed event recorded since a moment (at most MAX_RESEND_BATCH, oldest
 * first), each as a manual try logged with who asked. Only to endpoints that can be
 * called: a distributor whose endpoint is disabled or missing is told so.
 */
export async function resendFailedSince(ctx: EndpointCtx, input: z.output<typeof resendFailedInput>): Promise<{ queued: number; more: boolean }> {
  const only = distributorFilter(ctx, input.distributorId);
  if (ctx.actor.kind === 'distributor') {
    const endpoint = await getEndpointStatus(ctx);
    if (!endpoint.callbackUrl) throw invalidState('No callback URL is set: set one on the API binding page first', { field: 'callbackUrl' });
    if (endpoint.disabledAt) throw invalidState('The callback URL is disabled: enable it first', { field: 'callbackUrl' });
  }
  const trigger = ctx.actor.kind;
  return ctx.db.transaction(async (tx) => {
    const where = sql`e.delivery_status = 'failed' and e.created_at >= ${input.since.toISOString()}::timestamptz
      ${only === undefined ? sql`` : sql`and e.distributor_id = ${only}`}`;
    const queued = await queueDeliveries(tx, where, trigger, MAX_RESEND_BATCH + 1);
    await recordAudit({ ...ctx, db: tx }, { action: 'event.resend_failed', entityType: 'distributor', entityId: only ?? 'all', detail: { since: input.since.toISOString(), queued: Math.min(queued, MAX_RESEND_BATCH) } });
    return { queued: Math.min(queued, MAX_RESEND_BATCH), more: queued > MAX_RESEND_BATCH };
  });
}

/**
 * Queues one delivery try for each event matching `where` (alias `e`) whose distributor is
 * active with an enabled callback URL, oldest first, in one statement; returns how many
 * matched. With `limit`, at most `limit` are matched and `limit - 1` queued, so that a
 * caller asking for one more than it queues learns whether more are left.
 */
async function queueDeliveries(tx: Tx, where: SQL, trigger: 'auto' | 'staff' | 'distributor', limit?: number): Promise<number> {
  const rows = await tx.execute<{ n: number }>(sql`
    with chosen as (
      select e.id from ${outboxEvents} e join ${distributors} d on d.id = e.distributor_id
      where ${where} and d.status = 'active' and d.callback_url is not null and d.callback_disabled_at is null
      order by e.id
      ${limit ? sql`limit ${limit}` : sql``}
    ), queued as (
      select graphile_worker.add_job('deliver_callback', json_build_object('outboxEventId', c.id, 'trigger', ${trigger}::text), max_attempts := 1)
      from (select id from chosen order by id ${limit ? sql`limit ${limit - 1}` : sql``}) c
    )
    select (select count(*) from chosen)::int as n, (select count(*) from queued) as q`);
  return Number(rows[0]?.n ?? 0);
}
