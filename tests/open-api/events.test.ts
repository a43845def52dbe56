import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook, type HubEvent } from '@/mall-client';
import type { Db } from '@/server/db/client';
import { outboxEvents, webhookDeliveries } from '@/server/db/schema';
import { deliverEvent, listDeliveries, resendEvent, RETRY_DELAYS_SECONDS } from '@/server/domain/events/delivery';
import { recordEvents } from '@/server/domain/events/outbox';
import { startWorker } from '@/server/jobs/worker';
import { racingDb, testDb } from '@tests/support/db';
import { createProduct, createStaff } from '@tests/support/factories';
import { createMall, RECEIVER, startReceiver, type Mall } from './support';

const db = () => testDb();

async function eventsOf(distributorId: number, type: string) {
  return db()
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.distributorId, distributorId), eq(outboxEvents.type, type)))
    .orderBy(outboxEvents.id);
}

async function jobsFor(outboxEventId: number) {
  return db().execute<{ run_at: Date }>(
    sql`select run_at from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'deliver_callback' and (j.payload->>'outboxEventId')::bigint = ${outboxEventId}`,
  );
}

describe('events: the feed and the callbacks', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let mall: Mall;

  beforeAll(async () => {
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
    receiver = await startReceiver();
    mall = await createMall(db(), { callbackUrl: receiver.url });
  });
  afterAll(async () => {
    await receiver.close();
  });

  async function cancelledOrderEvent(m: Mall = mall) {
    const p = await createProduct(db(), { stock: 10 });
    const { order } = await m.client.createOrder({ mallOrderNo: `EV-${Date.now()}-${Math.random()}`, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    await m.client.cancel(order.orderNo);
    const events = await eventsOf(m.distributorId, 'order.cancelled');
    return { order, event: events.at(-1)! };
  }

  it('delivers a callback signed the Standard Webhooks way, verifiable with the mall client', async () => {
    const { order, event } = await cancelledOrderEvent();
    expect(await deliverEvent(db(), event.id)).toBe('delivered');
    const got = receiver.received.at(-1)!;
    expect(got.headers['webhook-id']).toBe(event.eventId);
    expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    const verified: HubEvent = verifyWebhook(mall.webhookSecret, got.body, got.headers as Record<string, string>);
    expect(verified).toMatchObject({ id: event.eventId, type: 'order.cancelled', data: { orderNo: order.orderNo, status: 'cancelled' } });
    expect(() => verifyWebhook(mall.webhookSecret, got.body.replace('cancelled', 'completed'), got.headers as Record<string, string>)).toThrow();
    const [row] = await db().select().from(outboxEvents).where(eq(outboxEvents.id, event.id));
    expect(row.deliveryStatus).toBe('delivered');
    const log = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.outboxEventId, event.id));
    expect(log).toEqual([expect.objectContaining({ attempt: 1, trigger: 'auto', url: receiver.url, httpStatus: 200, responseExcerpt: 'ok', error: null })]);
  });

  it('retries a failed delivery on the schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), logging every try, then gives up', async () => {
    const { event } = await cancelledOrderEvent();
    receiver.answer(500);
    try {
      expect(await deliverEvent(db(), event.id)).toBe('retrying');
      let [row] = await db().select().from(outboxEvents).where(eq(outboxEvents.id, event.id));
      expect(row).toMatchObject({ deliveryStatus: 'pending', attempts: 1 });
      const delay = (row.nextAttemptAt!.getTime() - Date.now()) / 1000;
      expect(delay).toBeGreaterThan(2);
      expect(delay).toBeLessThanOrEqual(5.5);
      const jobs = await jobsFor(event.id);
      expect(jobs.some((j) => Math.abs(new Date(j.run_at).getTime() - row.nextAttemptAt!.getTime()) < 1000)).toBe(true);

      for (let i = 2; i <= RETRY_DELAYS_SECONDS.length; i++) expect(await deliverEvent(db(), event.id)).toBe('retrying');
      expect(await deliverEvent(db(), event.id)).toBe('failed');
      [row] = await db().select().from(outboxEvents).where(eq(outboxEvents.id, event.id));
      expect(row).toMatchObject({ deliveryStatus: 'failed', attempts: 8, nextAttemptAt: null });
      const log = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.outboxEventId, event.id));
      expect(log.map((l) => [l.attempt, l.httpStatus, l.responseExcerpt])).toEqual(Array.from({ length: 8 }, (_, i) => [i + 1, 500, 'mall is down']));
    } finally {
      receiver.answer(200);
    }
    // The schedule adds up to a little over a day.
    expect(RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0)).toBeGreaterThan(24 * 3600);
  });

  it('lets the distributor and staff resend an event (logged with who asked); another distributor gets 404', async () => {
    const { event } = await cancelledOrderEvent();
    const staff = await createStaff(db());
    const other = await createMall(db());
    await expect(resendEvent(other.ctx, { eventId: event.eventId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listDeliveries(other.ctx, { eventId: event.eventId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await resendEvent(mall.ctx, { eventId: event.eventId })).toEqual({ queued: true });
    expect(await resendEvent(staff.ctx, { eventId: event.eventId })).toEqual({ queued: true });
    expect((await jobsFor(event.id)).length).toBeGreaterThanOrEqual(3);
    // What the worker runs for those jobs:
    expect(await deliverEvent(db(), event.id, 'distributor')).toBe('delivered');
    expect(await deliverEvent(db(), event.id, 'staff')).toBe('delivered');
    const log = await listDeliveries(mall.ctx, { eventId: event.eventId });
    expect(log.map((l) => l.trigger)).toEqual(['staff', 'distributor']);
  });

  it('refuses to call a private address unless the server allows it', async () => {
    const { event } = await cancelledOrderEvent();
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'false';
    try {
      const before = receiver.received.length;
      expect(await deliverEvent(db(), event.id)).toBe('retrying');
      expect(receiver.received.length).toBe(before);
      const [log] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.outboxEventId, event.id));
      expect(log.error).toMatch(/loopback and private addresses are not allowed/);
    } finally {
      process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
    }
  });

  it('is delivered by the worker on its own', async () => {
    const { event } = await cancelledOrderEvent();
    const worker = await startWorker(process.env.DATABASE_URL!, { concurrency: 2 });
    const arrived = () => receiver.received.some((r) => r.headers['webhook-id'] === event.eventId);
    try {
      for (let i = 0; i < 150 && !arrived(); i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.stop();
    }
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toContain(event.eventId);
  });

  it('GET /events serves the same events oldest first, with a cursor to resume from', async () => {
    const m = await createMall(db());
    // Its opening top-up is its first event.
    const first = await m.client.events();
    expect(first.data.map((e) => e.type)).toEqual(['balance.changed']);
    expect(first.data[0].data).toMatchObject({ balance: 1_000_000, entry: { kind: 'topup', amount: 1_000_000 } });
    const { order } = await cancelledOrderEvent(m);
    const page = await m.client.events({ cursor: first.nextCursor });
    const cancelled = page.data.find((e) => e.type === 'order.cancelled')!;
    expect(cancelled.data).toMatchObject({ orderNo: order.orderNo, status: 'cancelled' });
    const stored = (await eventsOf(m.distributorId, 'order.cancelled'))[0];
    expect(cancelled.id).toBe(stored.eventId);
    // Caught up: an empty page, and the same place to come back to.
    const after = await m.client.events({ cursor: page.nextCursor });
    expect(after.data).toEqual([]);
    expect(after.nextCursor).toBe(page.nextCursor);
    // Small pages walk the same sequence.
    const walked: string[] = [];
    let cursor: string | undefined;
    cursor = first.nextCursor;
    for (;;) {
      const p = await m.client.events({ cursor, limit: 1 });
      if (p.data.length === 0) break;
      walked.push(...p.data.map((e) => e.id));
      cursor = p.nextCursor;
    }
    expect(walked).toEqual(page.data.map((e) => e.id));
    // One distributor never sees another's events.
    expect((await mall.client.events({ limit: 500 })).data.map((e) => e.id)).not.toContain(cancelled.id);
  });

  it('GET /events never skips an event whose transaction commits late', async () => {
    const m = await createMall(db());
    const start = (await m.client.events()).nextCursor;
    const race: Db = racingDb(2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let recorded!: () => void;
    const hasRecorded = new Promise<void>((r) => (recorded = r));
    const late = race.transaction(async (tx) => {
      await recordEvents(tx, [{ distributorId: m.distributorId, type: 'balance.changed', data: { n: 'late' } }]);
      recorded();
      await held;
    });
    try {
      await hasRecorded;
      await race.transaction((tx) => recordEvents(tx, [{ distributorId: m.distributorId, type: 'balance.changed', data: { n: 'early' } }]));
      // The later transaction committed first; the mall polls now, and again after the late one commits.
      const seen: unknown[] = [];
      const poll1 = await m.client.events({ cursor: start });
      seen.push(...poll1.data.map((e) => e.data));
      release();
      await late;
      const poll2 = await m.client.events({ cursor: poll1.nextCursor });
      seen.push(...poll2.data.map((e) => e.data));
      expect(seen).toEqual([{ n: 'late' }, { n: 'early' }]);
    } finally {
      release();
      await late.catch(() => {});
      await race.$client.end();
    }
  });

  it('announces stock reserved by orders, debounced per product, with the latest stock', async () => {
    const m = await createMall(db());
    const p = await createProduct(db(), { stock: 50 });
    for (let i = 0; i < 3; i++) await m.client.createOrder({ mallOrderNo: `ANN-${i}`, items: [{ productId: p.id, quantity: 2 }], receiver: RECEIVER });
    const pending = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from graphile_worker._private_jobs where key = ${`announce_stock:${p.id}`}`,
    );
    expect(pending[0].n).toBe(1);
    const worker = await startWorker(process.env.DATABASE_URL!, { concurrency: 1 });
    try {
      const announced = async () => (await eventsOf(m.distributorId, 'product.stock_changed')).some((e) => (e.data as { productId: number }).productId === p.id);
      for (let i = 0; i < 100 && !(await announced()); i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.stop();
    }
    const events = (await eventsOf(m.distributorId, 'product.stock_changed')).filter((e) => (e.data as { productId: number }).productId === p.id);
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ productId: p.id, stock: 44, status: 'on_sale' })]);
  });

  it('always ends by announcing the final stock, while orders race the announcement runs', async () => {
    const m = await createMall(db());
    const p = await createProduct(db(), { stock: 500 });
    const worker = await startWorker(process.env.DATABASE_URL!, { concurrency: 2 });
    try {
      // Waves of concurrent orders across about three seconds: runs of the job start while orders hold the row.
      for (let wave = 0; wave < 12; wave++) {
        await Promise.all(Array.from({ length: 8 }, (_, i) => m.client.createOrder({ mallOrderNo: `RACE-${wave}-${i}`, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER })));
        await new Promise((r) => setTimeout(r, 250));
      }
      // The newest announcement by version (how a mall orders them: docs/open-api.md).
      const lastAnnounced = async () => {
        const events = (await eventsOf(m.distributorId, 'product.stock_changed')).map((e) => e.data as { productId: number; stock: number; version: number });
        return events.filter((e) => e.productId === p.id).sort((a, b) => a.version - b.version).at(-1)?.stock;
      };
      for (let i = 0; i < 100 && (await lastAnnounced()) !== 500 - 96; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await lastAnnounced()).toBe(500 - 96);
    } finally {
      await worker.stop();
    }
  });
});
