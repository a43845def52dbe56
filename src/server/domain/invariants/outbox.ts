import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import type { Breach } from './types';
import { num, rows } from './sql';

/**
 * The outbox (domain/events/outbox.ts) is written in the transaction of each change a mall
 * must hear of, so a committed change without its event is a change the malls never hear
 * of. Checked for the changes whose events are certain: every ledger posting
 * (balance.changed), every order's final step (order.cancelled, .expired, .refunded,
 * .completed) and every package shipped (order.shipped, at least one each). Product
 * events are left out: whom they go to depends on offers as they were at the time.
 */

export async function eventsRecorded(tx: Tx): Promise<Breach[]> {
  const postings = await rows<{ id: string; distributor_id: number; code: string; kind: string; ref: string }>(
    tx,
    sql`
      SELECT l.id::text, l.distributor_id, d.code, l.kind, l.ref
      FROM ledger_entries l JOIN distributors d ON d.id = l.distributor_id
      WHERE NOT EXISTS (
        SELECT 1 FROM outbox_events e
        WHERE e.type = 'balance.changed' AND e.distributor_id = l.distributor_id
          AND e.data->'entry'->>'ref' = l.ref AND e.data->'entry'->>'kind' = l.kind::text)
      ORDER BY l.id`,
  );
  const orders = await rows<{ id: string; order_no: string; status: string; distributor_id: number; code: string; type: string; expected: number; sent: number }>(
    tx,
    sql`
      WITH shipped AS (
        SELECT order_id, count(*)::int AS packages FROM packages GROUP BY order_id
      ), expected AS (
        SELECT o.id, o.order_no, o.status, o.distributor_id, t.type, t.expected
        FROM orders o
        LEFT JOIN shipped s ON s.order_id = o.id
        CROSS JOIN LATERAL (VALUES
          ('order.' || o.status::text, CASE WHEN o.status IN ('cancelled', 'expired', 'refunded', 'completed') THEN 1 ELSE 0 END),
          ('order.shipped', coalesce(s.packages, 0))
        ) AS t(type, expected)
        WHERE t.expected > 0
      ), sent AS (
        SELECT data->>'orderNo' AS order_no, distributor_id, type, count(*)::int AS sent
        FROM outbox_events WHERE type LIKE 'order.%'
        GROUP BY 1, 2, 3
      )
      SELECT x.id::text, x.order_no, x.status, x.distributor_id, d.code, x.type, x.expected, coalesce(s.sent, 0) AS sent
      FROM expected x
      JOIN distributors d ON d.id = x.distributor_id
      LEFT JOIN sent s ON s.order_no = x.order_no AND s.distributor_id = x.distributor_id AND s.type = x.type
      WHERE coalesce(s.sent, 0) < x.expected
      ORDER BY x.id, x.type`,
  );
  return [
    ...postings.map((l): Breach => ({
      rule: 'outbox.event',
      message: `${l.code} (distributor ${l.distributor_id}): ledger entry ${l.id} (${l.kind} ${l.ref}) has no balance.changed event`,
      records: [
        { kind: 'ledger_entry', id: num(l.id), label: l.ref },
        { kind: 'distributor', id: l.distributor_id, label: l.code },
      ],
      values: { type: 'balance.changed', expected: 1, sent: 0 },
    })),
    ...orders.map((o): Breach => ({
      rule: 'outbox.event',
      message:
        o.type === 'order.shipped'
          ? `Order ${o.order_no} (${o.status}) of ${o.code}: ${o.expected} ${o.expected === 1 ? 'package' : 'packages'} shipped, but ${o.sent} order.shipped ${o.sent === 1 ? 'event' : 'events'}`
          : `Order ${o.order_no} (${o.status}) of ${o.code}: no ${o.type} event`,
      records: [
        { kind: 'order', id: num(o.id), label: o.order_no },
        { kind: 'distributor', id: o.distributor_id, label: o.code },
      ],
      values: { type: o.type, expected: o.expected, sent: o.sent },
    })),
  ];
}
