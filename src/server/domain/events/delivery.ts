import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { callbackUrlProblem } from '@/lib/callback-url';
import { isPrivateAddress } from '@/lib/ip';
import { env } from '@/server/config/env';
import type { Db } from '@/server/db/client';
import { distributors, outboxEvents, webhookDeliveries } from '@/server/db/schema';
import { recordAudit } from '../audit';
import { validWebhookSecrets } from '../distributors/credentials';
import type { Ctx } from '../context';
import { invalidState, notFound } from '../errors';
import { recordEndpointOutcome } from './endpoint';
import { toMallEvent } from './feed';

/**
 * Delivering callbacks (docs/open-api.md "Callbacks"): POST the event to the mall's callback
 * URL, signed the Standard Webhooks way. Only a 2xx counts. Failed tries are retried
 * after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (a little over a day in all), then the
 * event is marked failed; staff and the distributor can resend it at any time. Every try
 * and the mall's answer is logged in webhook_deliveries. No transaction is open while we
 * wait on the network.
 */

export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
const TIMEOUT_MS = 15_000;
const EXCERPT_CHARS = 1000;

export type DeliveryTrigger = 'auto' | 'staff' | 'distributor';

type Attempt = { httpStatus: number | null; responseExcerpt: string | null; error: string | null; durationMs: number };

export async function deliverEvent(db: Db, outboxEventId: number, trigger: DeliveryTrigger = 'auto'): Promise<'delivered' | 'retrying' | 'failed' | 'skipped'> {
  const [row] = await db
    .select({
      event: outboxEvents,
      callbackUrl: distributors.callbackUrl,
      status: distributors.status,
      webhookSecretCiphertext: distributors.webhookSecretCiphertext,
      previousWebhookSecretCiphertext: distributors.previousWebhookSecretCiphertext,
      previousWebhookSecretExpiresAt: distributors.previousWebhookSecretExpiresAt,
      callbackDisabledAt: distributors.callbackDisabledAt,
    })
    .from(outboxEvents)
    .innerJoin(distributors, eq(distributors.id, outboxEvents.distributorId))
    .where(eq(outboxEvents.id, outboxEventId));
  if (!row) return 'skipped';
  const { event } = row;
  // A duplicate of an automatic try that already succeeded or gave up: nothing to do.
  if (trigger === 'auto' && event.deliveryStatus !== 'pending') return 'skipped';
  if (!row.callbackUrl || row.status !== 'active') {
    if (trigger === 'auto') await db.update(outboxEvents).set({ deliveryStatus: 'failed', nextAttemptAt: null }).where(eq(outboxEvents.id, event.id));
    return 'failed';
  }
  // A disabled endpoint is not called: the event stays pending, and is sent when it is enabled again (endpoint.ts).
  if (row.callbackDisabledAt) {
    if (trigger === 'auto') await db.update(outboxEvents).set({ nextAttemptAt: null }).where(eq(outboxEvents.id, event.id));
    return 'skipped';
  }
  if (trigger === 'auto' && event.type === 'product.stock_changed' && (await supersededByNewer(db, event.id))) return 'skipped';

  const body = JSON.stringify(toMallEvent(event));
  const secrets = validWebhookSecrets(row);
  const attempt = await postCallback(row.callbackUrl, body, signatureHeaders(event.eventId, body, secrets));
  const delivered = attempt.httpStatus !== null && attempt.httpStatus >= 200 && attempt.httpStatus < 300;

  const [{ tries }] = await db.select({ tries: count() }).from(webhookDeliveries).where(eq(webhookDeliveries.outboxEventId, event.id));
  await db.insert(webhookDeliveries).values({ outboxEventId: event.id, attempt: tries + 1, trigger, url: row.callbackUrl, ...attempt });
  const disabled = await recordEndpointOutcome(db, event.distributorId, { delivered, httpStatus: attempt.httpStatus });

  if (delivered) {
    await db.update(outboxEvents).set({ deliveryStatus: 'delivered', deliveredAt: new Date(), nextAttemptAt: null }).where(eq(outboxEvents.id, event.id));
    return 'delivered';
  }
  // A manual resend that failed leaves the automatic schedule as it was.
  if (trigger !== 'auto') return 'failed';
  // Just disabled (410 Gone, or failing for 3 days): no retry; the event waits for the endpoint to be enabled.
  if (disabled) {
    await db.update(outboxEvents).set({ attempts: sql`${outboxEvents.attempts} + 1`, nextAttemptAt: null }).where(eq(outboxEvents.id, event.id));
    return 'skipped';
  }
  return scheduleRetry(db, event.id);
}

/**
 * Coalescing for hot products: a stock event about to be sent is superseded when a newer
 * one for the same product and distributor is waiting too (it carries the newer stock and
 * version), so a mall behind on its callbacks gets the latest number once rather than
 * every step. Decided here, at sending, one row at a time and outside any business
 * transaction: superseding inside the change's transaction deadlocked concurrent changes
 * of several products. Superseded events stay in `GET /events`.
 */
async function supersededByNewer(db: Db, outboxEventId: number): Promise<boolean> {
  const rows = await db.execute(sql`
    UPDATE outbox_events o SET delivery_status = 'superseded', next_attempt_at = NULL
    WHERE o.id = ${outboxEventId} AND o.delivery_status = 'pending'
      AND EXISTS (SELECT 1 FROM outbox_events n
                  WHERE n.distributor_id = o.distributor_id AND n.type = 'product.stock_changed' AND n.delivery_status = 'pending'
                    AND (n.data->>'productId') = (o.data->>'productId') AND n.id > o.id)
    RETURNING o.id`);
  return rows.length > 0;
}

/** After the n-th automatic try failed: queue the next one, or give up after the last. */
async function scheduleRetry(db: Db, outboxEventId: number): Promise<'retrying' | 'failed'> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(outboxEvents)
      .set({ attempts: sql`${outboxEvents.attempts} + 1` })
      .where(eq(outboxEvents.id, outboxEventId))
      .returning({ attempts: outboxEvents.attempts });
    const delay = RETRY_DELAYS_SECONDS[updated.attempts - 1];
    if (delay === undefined) {
      await tx.update(outboxEvents).set({ deliveryStatus: 'failed', nextAttemptAt: null }).where(eq(outboxEvents.id, outboxEventId));
      return 'failed';
    }
    const [{ runAt }] = await tx.execute<{ runAt: string }>(sql`
      select (graphile_worker.add_job('deliver_callback', json_build_object('outboxEventId', ${outboxEventId}::bigint),
                run_at := now() + make_interval(secs => ${delay}), max_attempts := 1)).run_at::text as "runAt"`);
    await tx.update(outboxEvents).set({ nextAttemptAt: new Date(runAt) }).where(eq(outboxEvents.id, outboxEventId));
    return 'retrying';
  });
}

/**
 * Standard Webhooks headers. During a webhook-secret rotation's grace period the body is
 * signed with both secrets (space-separated `v1,…` signatures), so a mall verifies with
 * either while it switches over.
 */
export function signatureHeaders(eventId: string, body: string, secrets: string[], at = new Date()): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(eventId, at, body));
  return {
    'content-type': 'application/json',
    'user-agent': 'supply-hub-webhooks/1',
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * One POST, with a timeout and no redirects. The URL's host must pass the same rule as
 * when it was saved (https; loopback and private addresses only where the server allows
 * them), checked again on the address it resolves to now, so a public name that later
 * points inside our network cannot be used to reach it.
 */
export async function postCallback(url: string, body: string, headers: Record<string, string>): Promise<Attempt> {
  const started = Date.now();
  const done = (a: Omit<Attempt, 'durationMs'>): Attempt => ({ ...a, durationMs: Date.now() - started });
  const problem = callbackUrlProblem(url, env.allowPrivateCallbackUrls);
  if (problem) return done({ httpStatus: null, responseExcerpt: null, error: `Callback URL ${problem}` });
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<Attempt>((resolve) => {
    const request = client.request(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: TIMEOUT_MS, lookup: guardedLookup(env.allowPrivateCallbackUrls) },
      (response) => {
        let excerpt = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (excerpt.length < EXCERPT_CHARS) excerpt += chunk.slice(0, EXCERPT_CHARS - excerpt.length);
        });
        response.on('end', () => resolve(done({ httpStatus: response.statusCode ?? null, responseExcerpt: excerpt, error: null })));
        response.on('error', (e) => resolve(done({ httpStatus: response.statusCode ?? null, responseExcerpt: excerpt, error: e.message })));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`No answer within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', (e) => resolve(done({ httpStatus: null, responseExcerpt: null, error: e.message })));
    request.end(body);
  });
}

/** dns.lookup that refuses a host resolving to a private address unless allowed (exported for its test). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = !allowPrivate && list.some((a) => isPrivateAddress(a.address));
      if (refused || list.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

export const resendInput = z.strictObject({ eventId: z.string().regex(/^evt_[0-9a-f]{24}$/) });

/**
 * Queues one more delivery of an event, now. Staff may resend any event; a distributor
 * its own (another's is NOT_FOUND). The try is logged like any other, with who asked.
 */
export async function resendEvent(
  ctx: Ctx<{ kind: 'staff'; userId: number } | { kind: 'distributor'; userId: number; distributorId: number }>,
  input: z.output<typeof resendInput>,
): Promise<{ queued: true }> {
  const trigger: DeliveryTrigger = ctx.actor.kind;
  return ctx.db.transaction(async (tx) => {
    const [event] = await tx
      .select({ id: outboxEvents.id, disabledAt: distributors.callbackDisabledAt })
      .from(outboxEvents)
      .innerJoin(distributors, eq(distributors.id, outboxEvents.distributorId))
      .where(and(eq(outboxEvents.eventId, input.eventId), ctx.actor.kind === 'distributor' ? eq(outboxEvents.distributorId, ctx.actor.distributorId) : undefined));
    if (!event) throw notFound('Event', { eventId: input.eventId });
    if (event.disabledAt) throw invalidState('The callback URL is disabled: enable it first', { field: 'callbackUrl' });
    await tx.execute(sql`select graphile_worker.add_job('deliver_callback', json_build_object('outboxEventId', ${event.id}::bigint, 'trigger', ${trigger}::text), max_attempts := 1)`);
    await recordAudit({ ...ctx, db: tx }, { action: 'event.resend', entityType: 'event', entityId: input.eventId });
    return { queued: true as const };
  });
}

/** The tries of one event, newest first (for the portals' callback pages). */
export async function listDeliveries(
  ctx: Ctx<{ kind: 'staff'; userId: number } | { kind: 'distributor'; userId: number; distributorId: number }>,
  input: z.output<typeof resendInput>,
) {
  const [event] = await ctx.db
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(and(eq(outboxEvents.eventId, input.eventId), ctx.actor.kind === 'distributor' ? eq(outboxEvents.distributorId, ctx.actor.distributorId) : undefined));
  if (!event) throw notFound('Event', { eventId: input.eventId });
  return ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.outboxEventId, event.id)).orderBy(desc(webhookDeliveries.id));
}
