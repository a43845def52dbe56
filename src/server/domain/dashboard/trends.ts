import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import type { DistributorCtx, StaffCtx, SupplierCtx } from '../context';

/**
 * Day-by-day figures for the dashboards' charts, over the last `days` calendar days in
 * China time. Every day is present (zero when nothing happened), so the charts do not skip.
 * Test-mode orders (domain/sandbox) moved no live stock or money: they are left out of
 * every figure here, as they are of the finance overview.
 */
export type DayPoint = { day: string; orders: number; paidAmount: number };

const DAYS = 14;

async function ordersPerDay(db: DbOrTx, scope: SQL): Promise<DayPoint[]> {
  const rows = await db.execute<{ day: string; orders: number; paid_amount: string }>(sql`
    WITH days AS (
      SELECT to_char(d, 'YYYY-MM-DD') AS day
      FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date - ${DAYS - 1}::int, (now() AT TIME ZONE 'Asia/Shanghai')::date, interval '1 day') AS d
    ), created AS (
      SELECT to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM orders o
      WHERE o.created_at >= now() - interval '${sql.raw(String(DAYS + 1))} days' AND NOT o.sandbox AND ${scope}
      GROUP BY 1
    ), paid AS (
      SELECT to_char(o.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, sum(o.total_amount) AS amount
      FROM orders o
      WHERE o.paid_at >= now() - interval '${sql.raw(String(DAYS + 1))} days' AND o.status NOT IN ('refunded') AND NOT o.sandbox AND ${scope}
      GROUP BY 1
    )
    SELECT days.day, coalesce(created.n, 0) AS orders, coalesce(paid.amount, 0)::text AS paid_amount
    FROM days LEFT JOIN created USING (day) LEFT JOIN paid USING (day)
    ORDER BY days.day`);
  return rows.map((r) => ({ day: r.day, orders: Number(r.orders), paidAmount: Number(r.paid_amount) }));
}

export type DistributorShare = { code: string; name: string; paidAmount: number; orders: number };

/** Staff: orders and paid amounts per day, and which malls sold most over the same days. */
export async function staffTrends(ctx: StaffCtx) {
  const [perDay, byDistributor] = await Promise.all([
    ordersPerDay(ctx.db, sql`true`),
    ctx.db.execute<{ code: string; name: string; paid_amount: string; orders: number }>(sql`
      SELECT d.code, d.name, coalesce(sum(o.total_amount), 0)::text AS paid_amount, count(o.id)::int AS orders
      FROM orders o JOIN distributors d ON d.id = o.distributor_id
      WHERE o.paid_at >= now() - interval '${sql.raw(String(DAYS))} days' AND o.status <> 'refunded' AND NOT o.sandbox
      GROUP BY d.code, d.name
      ORDER BY sum(o.total_amount) DESC
      LIMIT 10`),
  ]);
  return {
    perDay,
    byDistributor: byDistributor.map((r): DistributorShare => ({ code: r.code, name: r.name, paidAmount: Number(r.paid_amount), orders: Number(r.orders) })),
  };
}

/** A distributor: its own orders and spend per day. */
export async function distributorTrends(ctx: DistributorCtx) {
  return { perDay: await ordersPerDay(ctx.db, sql`o.distributor_id = ${ctx.actor.distributorId}`) };
}

/**
 * A supplier: orders holding its items, per day; the amount is what those items earn it
 * (its supply price × quantity), never the distributors' prices.
 */
export async function supplierTrends(ctx: SupplierCtx) {
  const rows = await ctx.db.execute<{ day: string; orders: number; amount: string }>(sql`
    WITH days AS (
      SELECT to_char(d, 'YYYY-MM-DD') AS day
      FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date - ${DAYS - 1}::int, (now() AT TIME ZONE 'Asia/Shanghai')::date, interval '1 day') AS d
    ), mine AS (
      SELECT to_char(o.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
             count(DISTINCT o.id)::int AS orders, sum(i.cost_price * i.quantity + i.freight) AS amount
      FROM order_items i JOIN orders o ON o.id = i.order_id
      WHERE i.owner_supplier_id = ${ctx.actor.supplierId} AND o.paid_at >= now() - interval '${sql.raw(String(DAYS + 1))} days'
        AND o.status <> 'refunded' AND NOT o.sandbox
      GROUP BY 1
    )
    SELECT days.day, coalesce(mine.orders, 0) AS orders, coalesce(mine.amount, 0)::text AS amount
    FROM days LEFT JOIN mine USING (day) ORDER BY days.day`);
  return { perDay: rows.map((r): DayPoint => ({ day: r.day, orders: Number(r.orders), paidAmount: Number(r.amount) })) };
}
