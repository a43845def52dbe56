import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { deliveryStatus } from './enums';
import { distributors } from './distributors';
import { createdAt, tstz, xid8 } from './types';

/**
 * The outbox: every event a mall must hear about, written in the same transaction as
 * the change it reports. The callbacks job delivers it; `GET /events` replays it.
 * `txid` orders the feed safely (see the xid8 type): a reader serves only events below
 * the oldest running transaction, so one that commits late is never skipped.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Public id, sent as `id` and `webhook-id`; malls dedupe on it. */
    eventId: text('event_id').notNull().unique(),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    txid: xid8('txid')
      .notNull()
      .default(sql`pg_current_xact_id()`),
    deliveryStatus: deliveryStatus('delivery_status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at'),
    deliveredAt: tstz('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_events_feed_idx').on(t.distributorId, t.txid, t.id),
    index('outbox_events_delivery_idx').on(t.deliveryStatus, t.nextAttemptAt),
    // The stock event of a product still waiting to be sent to a distributor, which a newer one supersedes (outbox.ts).
    index('outbox_events_pending_stock_idx')
      .on(t.distributorId, sql`(${t.data}->>'productId')`)
      .where(sql`${t.type} = 'product.stock_changed' AND ${t.deliveryStatus} = 'pending'`),
    // A distributor's failed events by time, to resend them all since a moment.
    index('outbox_events_failed_idx').on(t.distributorId, t.createdAt).where(sql`${t.deliveryStatus} = 'failed'`),
    // An order's events, for its timeline in the portals.
    index('outbox_events_order_idx')
      .on(sql`(${t.data}->>'orderNo')`)
      .where(sql`${t.type} LIKE 'order.%'`),
  ],
);

/** Every attempt to deliver a callback and what the mall answered. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outboxEventId: bigint('outbox_event_id', { mode: 'number' })
      .notNull()
      .references(() => outboxEvents.id),
    attempt: integer('attempt').notNull(),
    /** `auto`, or who asked for a resend: `staff`, `distributor`. */
    trigger: text('trigger').notNull().default('auto'),
    url: text('url').notNull(),
    httpStatus: integer('http_status'),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_deliveries_event_idx').on(t.outboxEventId, t.id)],
);
