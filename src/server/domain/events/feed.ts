import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outboxEvents } from '@/server/db/schema';
import type { Ctx } from '../context';
import { decodeCursor, encodeCursor } from '../mall/cursor';

/** An event as malls receive it, by callback or from `GET /events`. */
export type MallEvent = { id: string; type: string; createdAt: string; data: unknown };

export const listEventsInput = z.strictObject({
  cursor: z.string().max(512).optional().describe('`nextCursor` of the previous call; omit to start from the oldest event'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const feedCursor = z.object({ f: z.literal('events'), t: z.string().regex(/^\d{1,20}$/), id: z.number().int() });

export type EventsCtx = Ctx<{ kind: 'mall'; distributorId: number } | { kind: 'distributor'; userId: number; distributorId: number }>;

/**
 * The distributor's events, oldest first: the same rows the callbacks carry, for a mall
 * catching up after downtime. Ordered by (txid, id) and served only below the oldest
 * transaction still running (pg_snapshot_xmin), so an event whose transaction commits
 * late is served after the ones that committed before it, and never skipped.
 * `nextCursor` is always the position after this page: an empty page means the mall is
 * caught up, and it polls again later with the same cursor.
 */
export async function listEvents(ctx: EventsCtx, input: z.output<typeof listEventsInput>): Promise<{ data: MallEvent[]; nextCursor: string }> {
  const after = input.cursor ? decodeCursor(input.cursor, feedCursor, 'events') : null;
  const rows = await ctx.db
    .select({
      id: outboxEvents.id,
      eventId: outboxEvents.eventId,
      type: outboxEvents.type,
      data: outboxEvents.data,
      createdAt: outboxEvents.createdAt,
      txid: sql<string>`${outboxEvents.txid}::text`,
    })
    .from(outboxEvents)
    .where(
      and(
        eq(outboxEvents.distributorId, ctx.actor.distributorId),
        sql`${outboxEvents.txid} < pg_snapshot_xmin(pg_current_snapshot())`,
        after ? sql`(${outboxEvents.txid}, ${outboxEvents.id}) > (${after.t}::xid8, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(outboxEvents.txid), asc(outboxEvents.id))
    .limit(input.limit);
  const last = rows.at(-1);
  return {
    data: rows.map(toMallEvent),
    nextCursor: last ? encodeCursor({ f: 'events', t: last.txid, id: last.id }) : (input.cursor ?? encodeCursor({ f: 'events', t: '0', id: 0 })),
  };
}

export function toMallEvent(row: { eventId: string; type: string; createdAt: Date; data: unknown }): MallEvent {
  return { id: row.eventId, type: row.type, createdAt: row.createdAt.toISOString(), data: row.data };
}
