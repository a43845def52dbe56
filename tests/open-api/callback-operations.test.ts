import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributors, outboxEvents, webhookDeliveries } from '@/server/db/schema';
import { deliverEvent, guardedLookup, resendEvent } from '@/server/domain/events/delivery';
import { getEndpointStatus, listDisabledEndpoints, resendFailedSince } from '@/server/domain/events/endpoint';
import { recordEvents } from '@/server/domain/events/outbox';
import { callerAs } from '@tests/support/trpc';
import { racingDb, testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff } from '@tests/support/factories';
import { startReceiver } from './support';

const db = () => testDb();

async function stockEvent(distributorId: number, productId: number, stock: number) {
  await db().transaction((tx) => recordEvents(tx, [{ distributorId, type: 'product.stock_changed', data: { productId, stock, status: 'on_sale', version: stock } }]));
  const [row] = await db()
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.distributorId, distributorId), eq(outboxEvents.type, 'product.stock_changed')))
    .orderBy(sql`${outboxEvents.id} desc`)
    .limit(1);
  return row;
}

const statusOf = async (id: number) => (await db().select({ s: outboxEvents.deliveryStatus }).from(outboxEvents).where(eq(outboxEvents.id, id)))[0].s;
const jobsQueuedFor = async (id: number) =>
  (
    await db().execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'deliver_callback' and (j.payload->>'outboxEventId')::bigint = ${id}`)
  )[0].n;

describe('callback operations', () => {
  let endpoint: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
    endpoint = await startReceiver();
  });
  afterAll(async () => {
    await endpoint.close();
  });

  it('coalesces a hot product: a pending stock event is superseded by a newer one for the same product and distributor', async () => {
    const d = await createDistributorAccount(db(), { callbackUrl: endpoint.url });
    const other = await createDistributorAccount(db(), { callbackUrl: endpoint.url });
    const first = await stockEvent(d.distributorId, 101, 10);
    expect(await deliverEvent(db(), first.id)).toBe('delivered');
    const second = await stockEvent(d.distributorId, 101, 9);
    const otherProduct = await stockEvent(d.distributorId, 102, 5);
    const otherMall = await stockEvent(other.distributorId, 101, 9);
    const third = await stockEvent(d.distributorId, 101, 8);
    // When its turn comes, the waiting stock event finds a newer one for the same product and is not sent.
    const before = endpoint.received.length;
    expect(await deliverEvent(db(), second.id)).toBe('skipped');
    expect(await statusOf(second.id)).toBe('superseded');
    expect(await statusOf(first.id)).toBe('delivered'); // sent already: left alone
    expect(await deliverEvent(db(), otherProduct.id)).toBe('delivered');
    expect(await deliverEvent(db(), otherMall.id)).toBe('delivered');
    expect(await deliverEvent(db(), third.id)).toBe('delivered');
    expect(endpoint.received.slice(before).map((r) => JSON.parse(r.body).data.stock)).toEqual([5, 9, 8]);
  });

  it('coalesces under concurrency: of stock events recorded at once, only the newest is sent', async () => {
    const d = await createDistributorAccount(db(), { callbackUrl: endpoint.url });
    const race = racingDb(8);
    try {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          race.transaction((tx) => recordEvents(tx, [{ distributorId: d.distributorId, type: 'product.stock_changed', data: { productId: 7, stock: 100 - i, status: 'on_sale', version: i } }])),
        ),
      );
    } finally {
      await race.$client.end();
    }
    const rows = await db().select().from(outboxEvents).where(eq(outboxEvents.distributorId, d.distributorId)).orderBy(outboxEvents.id);
    expect(rows).toHaveLength(8);
    const before = endpoint.received.length;
    const outcomes = await Promise.all(rows.map((r) => deliverEvent(db(), r.id)));
    expect(outcomes.filter((o) => o === 'delivered').length).toBeGreaterThanOrEqual(1);
    expect(endpoint.received.length - before).toBe(outcomes.filter((o) => o === 'delivered').length);
    // The newest is always sent.
    expect(outcomes.at(-1)).toBe('delivered');
  });

  it('disables an endpoint that answers 410 Gone at once; events wait; enabling sends them', async () => {
    const d = await createDistributorAccount(db(), { callbackUrl: endpoint.url });
    const staff = await createStaff(db());
    const e1 = await stockEvent(d.distributorId, 201, 3);
    endpoint.answer(410);
    try {
      expect(await deliverEvent(db(), e1.id)).toBe('skipped');
    } finally {
      endpoint.answer(200);
    }
    const status = await getEndpointStatus(d.ctx);
    expect(status).toMatchObject({ disabledReason: 'gone', callbackUrl: endpoint.url });
    expect(status.disabledAt).toBeInstanceOf(Date);
    expect((await listDisabledEndpoints(staff.ctx)).map((x) => x.code)).toContain(d.code);
    // No retry is scheduled, and new events queue no delivery while disabled.
    expect((await db().select().from(outboxEvents).where(eq(outboxEvents.id, e1.id)))[0]).toMatchObject({ deliveryStatus: 'pending', nextAttemptAt: null });
    const e2 = await stockEvent(d.distributorId, 202, 4);
    expect(await jobsQueuedFor(e2.id)).toBe(0);
    const before = endpoint.received.length;
    expect(await deliverEvent(db(), e2.id)).toBe('skipped');
    expect(endpoint.received.length).toBe(before);
    await expect(resendEvent(d.ctx, { eventId: e2.eventId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(resendFailedSince(d.ctx, { since: new Date(0) })).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // The distributor enables it from its portal: both waiting events are queued, and go out.
    const caller = callerAs(d.identity);
    expect(await caller.distributor.callbacks.enableEndpoint({})).toEqual({ queued: 2 });
    expect(await jobsQueuedFor(e2.id)).toBe(1);
    expect(await deliverEvent(db(), e2.id)).toBe('delivered');
    expect(await getEndpointStatus(d.ctx)).toMatchObject({ disabledAt: null, disabledReason: null, failingSince: null });
  });

  it('disables an endpoint failing for 3 days, and a success ends a failing streak', async () => {
    const d = await createDistributorAccount(db(), { callbackUrl: endpoint.url });
    endpoint.answer(503);
    try {
      const e1 = await stockEvent(d.distributorId, 301, 1);
      expect(await deliverEvent(db(), e1.id)).toBe('retrying');
      const failing = await getEndpointStatus(d.ctx);
      expect(failing.failingSince).toBeInstanceOf(Date);
      expect(failing.disabledAt).toBeNull();
      // Failing for a little under 3 days: still tried.
      await db().update(distributors).set({ callbackFailingSince: sql`now() - interval '71 hours'` }).where(eq(distributors.id, d.distributorId));
      const e2 = await stockEvent(d.distributorId, 302, 1);
      expect(await deliverEvent(db(), e2.id)).toBe('retrying');
      expect((await getEndpointStatus(d.ctx)).disabledAt).toBeNull();
      // Past 3 days: the next failure disables it.
      await db().update(distributors).set({ callbackFailingSince: sql`now() - interval '72 hours 1 minute'` }).where(eq(distributors.id, d.distributorId));
      const e3 = await stockEvent(d.distributorId, 303, 1);
      expect(await deliverEvent(db(), e3.id)).toBe('skipped');
      expect(await getEndpointStatus(d.ctx)).toMatchObject({ disabledReason: 'failing' });
    } finally {
      endpoint.answer(200);
    }
    // Staff enable it again from theirs; the mall answers now, and the streak ends.
    const staff = await createStaff(db());
    const staffCaller = callerAs(staff.identity);
    expect((await staffCaller.admin.callbacks.enableEndpoint({ id: d.distributorId })).queued).toBe(3);
    const e4 = await stockEvent(d.distributorId, 304, 1);
    expect(await deliverEvent(db(), e4.id)).toBe('delivered');
    expect(await getEndpointStatus(d.ctx)).toMatchObject({ failingSince: null, disabledAt: null });
  });

  it('resends every failed event since a moment, from either portal, and only the distributor’s own', async () => {
    const d = await createDistributorAccount(db(), { callbackUrl: endpoint.url });
    const other = await createDistributorAccount(db(), { callbackUrl: endpoint.url });
    const staff = await createStaff(db());
    const old = await stockEvent(d.distributorId, 401, 1);
    const recent = await stockEvent(d.distributorId, 402, 1);
    const others = await stockEvent(other.distributorId, 401, 1);
    await db().update(outboxEvents).set({ deliveryStatus: 'failed' }).where(sql`${outboxEvents.id} in (${old.id}, ${recent.id}, ${others.id})`);
    await db().update(outboxEvents).set({ createdAt: sql`now() - interval '2 days'` }).where(eq(outboxEvents.id, old.id));
    const since = new Date(Date.now() - 24 * 3600_000);

    const jobsBefore = [await jobsQueuedFor(old.id), await jobsQueuedFor(recent.id), await jobsQueuedFor(others.id)];
    const caller = callerAs(d.identity);
    // The distributor's portal: its own failed events since then (an input naming another distributor is refused).
    await expect(caller.distributor.callbacks.resendFailed({ since, distributorId: other.distributorId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await caller.distributor.callbacks.resendFailed({ since })).toEqual({ queued: 1, more: false });
    expect([await jobsQueuedFor(old.id), await jobsQueuedFor(recent.id), await jobsQueuedFor(others.id)]).toEqual([jobsBefore[0], jobsBefore[1] + 1, jobsBefore[2]]);
    expect(await deliverEvent(db(), recent.id, 'distributor')).toBe('delivered');
    const [log] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.outboxEventId, recent.id));
    expect(log.trigger).toBe('distributor');

    // Staff: one distributor, or everyone's.
    const staffCaller = callerAs(staff.identity);
    expect(await staffCaller.admin.callbacks.resendFailed({ since, distributorId: other.distributorId })).toEqual({ queued: 1, more: false });
    expect((await staffCaller.admin.callbacks.resendFailed({ since: new Date(Date.now() - 3 * 24 * 3600_000) })).queued).toBeGreaterThanOrEqual(2);
  });

  it('checks the address a callback host resolves to at every delivery, not only the URL as saved', async () => {
    // `localhost` resolves (through the system resolver) to a loopback address: refused when private addresses are not allowed.
    const lookup = (allow: boolean) =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: string }>((resolve) => guardedLookup(allow)('localhost', {}, (error, address) => resolve({ error, address: String(address) })));
    expect((await lookup(false)).error?.message).toMatch(/resolves to a private address/);
    expect((await lookup(true)).error).toBeNull();

    // A URL saved while allowed, delivered after the server stopped allowing it: refused at delivery, nothing sent.
    const d = await createDistributorAccount(db(), { callbackUrl: endpoint.url });
    const e = await stockEvent(d.distributorId, 501, 1);
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'false';
    try {
      const before = endpoint.received.length;
      expect(await deliverEvent(db(), e.id)).toBe('retrying');
      expect(endpoint.received.length).toBe(before);
      const [log] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.outboxEventId, e.id));
      expect(log.error).toMatch(/not allowed/);
    } finally {
      process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
    }
  });
});
