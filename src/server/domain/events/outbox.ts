import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { outboxEvents } from '@/server/db/schema';
import type { EventType } from '@/mall-client/types';

/** The callback event types of docs/open-api.md (the wire types live with the mall client). */
export type { EventType } from '@/mall-client/types';

export type NewEvent = { distributorId: number; type: EventType; data: unknown };

export function newEventId(): string {
  return `evt_${randomBytes(12).toString('hex')}`;
}

/**
 * Records events in the outbox inside the business transaction that caused them, and
 * queues their delivery in the same transaction (graphile-worker's add_job): an event
 * exists, and will be delivered, exactly when its change commits. `GET /events` replays
 * the same rows. Only distributors with a callback URL get a delivery job.
 */
export async function recordEvents(tx: Tx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = await tx
    .insert(outboxEvents)
    .values(events.map((e) => ({ eventId: newEventId(), distributorId: e.distributorId, type: e.type, data: e.data })))
    .returning({ id: outboxEvents.id, distributorId: outboxEvents.distributorId });
  const ids = rows.map((r) => r.id);
  await tx.execute(sql`
    SELECT graphile_worker.add_job('deliver_callback', json_build_object('outboxEventId', e.id), max_attempts := 1)
    FROM outbox_events e
    JOIN distributors d ON d.id = e.distributor_id
    WHERE e.id = ANY(${sql`ARRAY[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::bigint[]`})
      AND d.callback_url IS NOT NULL AND d.status = 'active' AND d.callback_disabled_at IS NULL`);
}
