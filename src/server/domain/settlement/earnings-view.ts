import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { billLines, orderItems, orders, supplierBills, supplierEarnings, suppliers } from '@/server/db/schema';
import { dayStartAt } from '../calendar';
import type { StaffCtx, SupplierCtx } from '../context';
import type { EarningState, earningsExportInput, earningsListInput } from './schemas';

/**
 * What suppliers have earned, as each side reads it: a supplier its own earnings only,
 * staff everyone's (or one supplier's). Each earning is in one of three states: not on a
 * bill yet (pending, 待出账), on an unpaid bill, or on a paid one.
 */

export type SettlementCtx = StaffCtx | SupplierCtx;

/** A supplier's own rows whatever it asks; staff's chosen supplier, or all. */
export function ownEarnings(ctx: SettlementCtx, staffChoice?: number): SQL | undefined {
  if (ctx.actor.kind === 'supplier') return eq(supplierEarnings.supplierId, ctx.actor.supplierId);
  return staffChoice ? eq(supplierEarnings.supplierId, staffChoice) : undefined;
}

export const earningState = sql<EarningState>`(CASE WHEN ${supplierBills.id} IS NULL THEN 'unbilled' WHEN ${supplierBills.status} = 'paid' THEN 'paid' ELSE 'billed' END)`;

/** An earning and the bill it is on (if any): the columns of the lists and exports. */
export const earningColumns = {
  id: supplierEarnings.id,
  supplierId: supplierEarnings.supplierId,
  supplierName: suppliers.name,
  orderNo: orders.orderNo,
  skuCode: orderItems.skuCode,
  title: orderItems.title,
  quantity: orderItems.quantity,
  unitPrice: orderItems.costPrice,
  amount: supplierEarnings.amount,
  freight: supplierEarnings.freight,
  earnedAt: supplierEarnings.earnedAt,
  lineId: billLines.id,
  billId: supplierBills.id,
  billNo: supplierBills.billNo,
  billStatus: supplierBills.status,
  periodStart: supplierBills.periodStart,
  periodEnd: supplierBills.periodEnd,
  billTotal: supplierBills.totalAmount,
  paidAt: supplierBills.paidAt,
  paidReference: supplierBills.paidReference,
  state: earningState,
};

/** Earnings joined to their item, order, supplier and bill; `where` narrows them. */
export function earningsQuery(ctx: SettlementCtx, where: SQL | undefined) {
  return ctx.db
    .select(earningColumns)
    .from(supplierEarnings)
    .innerJoin(suppliers, eq(suppliers.id, supplierEarnings.supplierId))
    .innerJoin(orderItems, eq(orderItems.id, supplierEarnings.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .leftJoin(billLines, eq(billLines.earningId, supplierEarnings.id))
    .leftJoin(supplierBills, eq(supplierBills.id, billLines.billId))
    .where(where)
    .$dynamic();
}

/** The earnings filters: supplier (staff), state, and the days they were earned on. */
export function earningsWhere(ctx: SettlementCtx, f: z.output<typeof earningsExportInput>): SQL | undefined {
  return and(
    ownEarnings(ctx, f.supplierId),
    f.state ? sql`${earningState} = ${f.state}` : undefined,
    f.from ? gte(supplierEarnings.earnedAt, dayStartAt(f.from)) : undefined,
    f.to ? lt(supplierEarnings.earnedAt, dayStartAt(f.to, 1)) : undefined,
  );
}

/** Earnings, newest first, paged (the supplier's statement page; staff's view of one supplier). */
export async function listEarnings(ctx: SettlementCtx, input: z.output<typeof earningsListInput>) {
  const where = earningsWhere(ctx, input);
  const query = earningsQuery(ctx, where).orderBy(desc(supplierEarnings.id));
  // The count needs the bill join only when the state filters on it.
  const [rows, [{ total }]] = await Promise.all([
    query.limit(input.pageSize).offset((input.page - 1) * input.pageSize),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(supplierEarnings)
      .leftJoin(billLines, eq(billLines.earningId, supplierEarnings.id))
      .leftJoin(supplierBills, eq(supplierBills.id, billLines.billId))
      .where(where),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

/**
 * The supplier's statement: how much (and how many items) is pending, billed and awaiting
 * payment, and paid. The three add up to everything it has earned.
 */
export async function earningsSummary(ctx: SettlementCtx, input: { supplierId?: number } = {}) {
  const rows = await ctx.db
    .select({
      state: earningState,
      lines: sql<number>`count(*)::int`,
      amount: sql<number>`coalesce(sum(${supplierEarnings.amount} + ${supplierEarnings.freight}), 0)::bigint`.mapWith(Number),
    })
    .from(supplierEarnings)
    .leftJoin(billLines, eq(billLines.earningId, supplierEarnings.id))
    .leftJoin(supplierBills, eq(supplierBills.id, billLines.billId))
    .where(ownEarnings(ctx, input.supplierId))
    .groupBy(earningState);
  const of = (state: EarningState) => {
    const row = rows.find((r) => r.state === state);
    return { lines: row?.lines ?? 0, amount: row?.amount ?? 0 };
  };
  return { unbilled: of('unbilled'), billed: of('billed'), paid: of('paid') };
}
