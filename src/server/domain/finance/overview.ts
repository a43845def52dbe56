import { sql, type SQL } from 'drizzle-orm';
import { sumFen } from '@/lib/money';
import { dayStartAt } from '../calendar';
import type { StaffCtx } from '../context';
import { BUSINESS_TIME_ZONE } from '../wallet/statement';
import type { FinanceOverviewInput } from './schemas';

/**
 * 财务概览: the platform's money over a range of China's calendar days, by day or month.
 *
 * - Distributors' money, from the ledger by the time of each entry: top-ups, order debits,
 *   refunds credited back, and staff adjustments (signed).
 * - The platform's margin: for each item of an order paid in the bucket and still standing
 *   (paid, shipped or completed: a refund takes it out), (agreed price − cost) × quantity,
 *   where cost is the platform's own cost or the supplier's supply price, both snapshotted
 *   on the item. Freight passes through (the distributor pays it, the owner gets it).
 * - Supplier payables, by the day each earning was made (its order completed): paid, billed
 *   and awaiting payment, not billed yet. The three add up to what suppliers earned then.
 *
 * Every figure is integer fen summed by PostgreSQL (exact), returned as numbers.
 */

const TZ = sql.raw(`'${BUSINESS_TIME_ZONE}'`);
const UNITS = {
  day: { format: sql.raw(`'YYYY-MM-DD'`), step: sql.raw(`'1 day'`), trunc: sql.raw(`'day'`) },
  month: { format: sql.raw(`'YYYY-MM'`), step: sql.raw(`'1 month'`), trunc: sql.raw(`'month'`) },
};

export type FinanceBucket = {
  bucket: string;
  topups: number;
  debits: number;
  refunds: number;
  adjustments: number;
  agreed: number;
  cost: number;
  margin: number;
  earned: number;
  payablePaid: number;
  payableBilled: number;
  payableUnbilled: number;
};

export type MarginRow = { key: string; label: string | null; quantity: number; agreed: number; cost: number; margin: number };

const num = (v: string | number | null | undefined) => Number(v ?? 0);

type MarginDbRow = { key: string; label: string | null; quantity: string; agreed: string; cost: string };
const marginRow = (r: MarginDbRow): MarginRow => ({ key: r.key, label: r.label, quantity: num(r.quantity), agreed: num(r.agreed), cost: num(r.cost), margin: num(r.agreed) - num(r.cost) });

export async function financeOverview(ctx: StaffCtx, input: FinanceOverviewInput) {
  const unit = UNITS[input.granularity];
  const lo = dayStartAt(input.from);
  const hi = dayStartAt(input.to, 1);
  const bucketOf = (column: SQL) => sql`to_char(${column} AT TIME ZONE ${TZ}, ${unit.format})`;
  /** The items whose margin counts: of live orders (not test mode's) paid in the range and still standing. */
  const standing = sql`o.paid_at >= ${lo} AND o.paid_at < ${hi} AND o.status IN ('paid', 'shipped', 'completed') AND NOT o.sandbox`;
  /** One breakdown of the margin: by `key` (with its `label`), over `joins`. */
  const marginBy = (key: SQL, label: SQL, joins: SQL, limit = 50) =>
    ctx.db.execute<MarginDbRow>(sql`
      SELECT ${key} AS key, ${label} AS label, sum(i.quantity)::text AS quantity, sum(i.amount)::text AS agreed, sum(i.cost_price * i.quantity)::text AS cost
      FROM order_items i JOIN orders o ON o.id = i.order_id ${joins}
      WHERE ${standing}
      GROUP BY 1, 2
      ORDER BY sum(i.amount - i.cost_price * i.quantity) DESC, 1
      LIMIT ${limit}`);

  const [series, byOwner, byLevel, byDistributor, [now]] = await Promise.all([
    ctx.db.execute<Record<string, string | null>>(sql`
      WITH buckets AS (
        SELECT to_char(d, ${unit.format}) AS bucket
        FROM generate_series(date_trunc(${unit.trunc}, ${input.from}::date), date_trunc(${unit.trunc}, ${input.to}::date), ${unit.step}::interval) AS d
      ), money AS (
        SELECT ${bucketOf(sql`created_at`)} AS bucket,
               sum(amount) FILTER (WHERE kind = 'topup') AS topups,
               -sum(amount) FILTER (WHERE kind = 'order_debit') AS debits,
               sum(amount) FILTER (WHERE kind = 'refund_credit') AS refunds,
               sum(amount) FILTER (WHERE kind = 'adjustment') AS adjustments
        FROM ledger_entries WHERE created_at >= ${lo} AND created_at < ${hi}
        GROUP BY 1
      ), margin AS (
        SELECT ${bucketOf(sql`o.paid_at`)} AS bucket, sum(i.amount) AS agreed, sum(i.cost_price * i.quantity) AS cost
        FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE ${standing}
        GROUP BY 1
      ), payables AS (
        SELECT ${bucketOf(sql`e.earned_at`)} AS bucket,
               sum(e.amount + e.freight) AS earned,
               sum(e.amount + e.freight) FILTER (WHERE b.status = 'paid') AS paid,
               sum(e.amount + e.freight) FILTER (WHERE b.status = 'unpaid') AS billed,
               sum(e.amount + e.freight) FILTER (WHERE b.id IS NULL) AS unbilled
        FROM supplier_earnings e
        LEFT JOIN bill_lines l ON l.earning_id = e.id
        LEFT JOIN supplier_bills b ON b.id = l.bill_id
        WHERE e.earned_at >= ${lo} AND e.earned_at < ${hi}
        GROUP BY 1
      )
      SELECT bucket, topups::text, debits::text, refunds::text, adjustments::text, agreed::text, cost::text,
             earned::text, paid::text, billed::text, unbilled::text
      FROM buckets LEFT JOIN money USING (bucket) LEFT JOIN margin USING (bucket) LEFT JOIN payables USING (bucket)
      ORDER BY bucket`),
    marginBy(sql`coalesce(i.owner_supplier_id::text, 'platform')`, sql`s.name`, sql`LEFT JOIN suppliers s ON s.id = i.owner_supplier_id`),
    // The level each order was made at (orders.level_id), not its distributor's level today; 'deleted' for a level since removed.
    marginBy(sql`coalesce(lv.id::text, 'deleted')`, sql`lv.name`, sql`LEFT JOIN distributor_levels lv ON lv.id = o.level_id`),
    marginBy(sql`d.id::text`, sql`d.code || ' ' || d.name`, sql`JOIN distributors d ON d.id = o.distributor_id`, 20),
    ctx.db.execute<{ balances: string; billed: string; unbilled: string }>(sql`
      SELECT (SELECT coalesce(sum(balance), 0) FROM wallets)::text AS balances,
             (SELECT coalesce(sum(total_amount), 0) FROM supplier_bills WHERE status = 'unpaid')::text AS billed,
             (SELECT coalesce(sum(e.amount + e.freight), 0) FROM supplier_earnings e
               WHERE NOT EXISTS (SELECT 1 FROM bill_lines l WHERE l.earning_id = e.id))::text AS unbilled`),
  ]);

  const buckets: FinanceBucket[] = series.map((r) => ({
    bucket: r.bucket!,
    topups: num(r.topups),
    debits: num(r.debits),
    refunds: num(r.refunds),
    adjustments: num(r.adjustments),
    agreed: num(r.agreed),
    cost: num(r.cost),
    margin: num(r.agreed) - num(r.cost),
    earned: num(r.earned),
    payablePaid: num(r.paid),
    payableBilled: num(r.billed),
    payableUnbilled: num(r.unbilled),
  }));
  const keys = ['topups', 'debits', 'refunds', 'adjustments', 'agreed', 'cost', 'margin', 'earned', 'payablePaid', 'payableBilled', 'payableUnbilled'] as const;
  const totals = Object.fromEntries(keys.map((k) => [k, sumFen(buckets.map((b) => b[k]))])) as Record<(typeof keys)[number], number>;
  return {
    ...input,
    buckets,
    totals,
    marginByOwner: byOwner.map(marginRow),
    marginByLevel: byLevel.map(marginRow),
    marginByDistributor: byDistributor.map(marginRow),
    /** Now, whatever the range: what distributors hold, and what is owed to suppliers. */
    now: { balances: num(now.balances), billedUnpaid: num(now.billed), unbilled: num(now.unbilled) },
  };
}
