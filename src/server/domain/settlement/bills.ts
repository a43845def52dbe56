import { and, count, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { billLines, orderItems, orders, supplierBills, supplierEarnings, suppliers } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { StaffCtx, SupplierCtx } from '../context';
import { DomainError, invalidState, notFound } from '../errors';
import { pageOf, sortedBy } from '../paging';
import type { billIdInput, generateBillInput, listBillsInput, markBillPaidInput } from './schemas';

/** Bills are cut by calendar days in China time: a day starts at 00:00 Asia/Shanghai (UTC+8, no DST). */
function shanghaiDayStart(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00+08:00`);
}

function nextDay(isoDate: string): Date {
  return new Date(shanghaiDayStart(isoDate).getTime() + 24 * 3600_000);
}

type BillCtx = StaffCtx | SupplierCtx;

/** What a bill looks like in lists and on its page. */
const billColumns = {
  id: supplierBills.id,
  billNo: supplierBills.billNo,
  supplierId: supplierBills.supplierId,
  supplierName: suppliers.name,
  periodStart: supplierBills.periodStart,
  periodEnd: supplierBills.periodEnd,
  totalAmount: supplierBills.totalAmount,
  status: supplierBills.status,
  paidAt: supplierBills.paidAt,
  paidReference: supplierBills.paidReference,
  createdAt: supplierBills.createdAt,
};

/** A supplier sees only its own bills; staff see all. */
function ownBills(ctx: BillCtx): SQL | undefined {
  return ctx.actor.kind === 'supplier' ? eq(supplierBills.supplierId, ctx.actor.supplierId) : undefined;
}

/** What each supplier has earned and not yet been billed for: the staff's to-do list. */
export async function unbilledBySupplier(ctx: StaffCtx) {
  return ctx.db
    .select({
      supplierId: suppliers.id,
      supplierName: suppliers.name,
      lines: count(supplierEarnings.id),
      amount: sql<number>`coalesce(sum(${supplierEarnings.amount} + ${supplierEarnings.freight}), 0)::bigint`.mapWith(Number),
      firstEarnedAt: sql<Date | null>`min(${supplierEarnings.earnedAt})`.mapWith((v) => (v ? new Date(v) : null)),
    })
    .from(supplierEarnings)
    .innerJoin(suppliers, eq(suppliers.id, supplierEarnings.supplierId))
    .leftJoin(billLines, eq(billLines.earningId, supplierEarnings.id))
    .where(isNull(billLines.id))
    .groupBy(suppliers.id, suppliers.name)
    .orderBy(suppliers.id);
}

/**
 * Cuts a bill for a supplier and period from its unbilled earnings. Bill runs for one
 * supplier take turns on its row lock, and the earnings are read only after the lock is
 * held (a fresh snapshot under READ COMMITTED): two staff generating the same bill at the
 * same moment cannot bill an earning twice — the second finds nothing left to bill.
 * bill_lines.earning_id is unique as the backstop.
 */
export async function generateBill(ctx: StaffCtx, input: z.output<typeof generateBillInput>) {
  const from = shanghaiDayStart(input.periodStart);
  const to = nextDay(input.periodEnd);
  return ctx.db.transaction(async (tx) => {
    const [supplier] = await tx.select({ id: suppliers.id }).from(suppliers).where(eq(suppliers.id, input.supplierId)).for('update');
    if (!supplier) throw notFound('Supplier');
    const earnings = await tx
      .select({ id: supplierEarnings.id, amount: supplierEarnings.amount, freight: supplierEarnings.freight })
      .from(supplierEarnings)
      .where(
        and(
          eq(supplierEarnings.supplierId, input.supplierId),
          gte(supplierEarnings.earnedAt, from),
          lt(supplierEarnings.earnedAt, to),
          sql`NOT EXISTS (SELECT 1 FROM bill_lines l WHERE l.earning_id = ${supplierEarnings.id})`,
        ),
      )
      .orderBy(supplierEarnings.id);
    if (earnings.length === 0) {
      throw new DomainError('INVALID_STATE', 'Nothing unbilled for this supplier in this period', { field: 'periodStart' });
    }
    const total = earnings.reduce((s, e) => s + e.amount + e.freight, 0);
    const [{ n }] = await tx.execute<{ n: string }>(sql`select nextval('bill_no_seq') as n`);
    const billNo = `BL${input.periodEnd.replaceAll('-', '')}${String(n).padStart(6, '0')}`;
    const [bill] = await tx
      .insert(supplierBills)
      .values({ billNo, supplierId: input.supplierId, periodStart: from, periodEnd: to, totalAmount: total, createdByUserId: ctx.actor.userId })
      .returning();
    await tx.insert(billLines).values(earnings.map((e) => ({ billId: bill.id, earningId: e.id, amount: e.amount + e.freight })));
    await recordAudit({ ...ctx, db: tx }, { action: 'bill.generate', entityType: 'bill', entityId: bill.id, detail: { billNo, supplierId: input.supplierId, total, lines: earnings.length } });
    return bill;
  });
}

const billSortColumns = { id: supplierBills.id, periodStart: supplierBills.periodStart, totalAmount: supplierBills.totalAmount };

export async function listBills(ctx: BillCtx, input: z.output<typeof listBillsInput>) {
  const where = and(
    ownBills(ctx),
    ctx.actor.kind === 'staff' && input.supplierId ? eq(supplierBills.supplierId, input.supplierId) : undefined,
    input.status ? eq(supplierBills.status, input.status) : undefined,
  );
  const query = ctx.db
    .select(billColumns)
    .from(supplierBills)
    .innerJoin(suppliers, eq(suppliers.id, supplierBills.supplierId))
    .where(where)
    .orderBy(...sortedBy(billSortColumns[input.sort], supplierBills.id, input.dir))
    .$dynamic();
  return pageOf(ctx.db, input, query, supplierBills, where);
}

/** A bill with its lines. Another supplier's bill is NOT_FOUND, like one that does not exist. */
export async function getBill(ctx: BillCtx, input: z.output<typeof billIdInput>) {
  const [bill] = await ctx.db
    .select(billColumns)
    .from(supplierBills)
    .innerJoin(suppliers, eq(suppliers.id, supplierBills.supplierId))
    .where(and(eq(supplierBills.id, input.billId), ownBills(ctx)));
  if (!bill) throw notFound('Bill');
  const lines = await ctx.db
    .select({
      id: billLines.id,
      orderNo: orders.orderNo,
      skuCode: orderItems.skuCode,
      title: orderItems.title,
      quantity: orderItems.quantity,
      unitPrice: orderItems.costPrice,
      freight: supplierEarnings.freight,
      amount: billLines.amount,
      earnedAt: supplierEarnings.earnedAt,
    })
    .from(billLines)
    .innerJoin(supplierEarnings, eq(supplierEarnings.id, billLines.earningId))
    .innerJoin(orderItems, eq(orderItems.id, supplierEarnings.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(billLines.billId, bill.id))
    .orderBy(billLines.id);
  return { ...bill, lines };
}

/** Staff record the offline payment. Paying a paid bill again is INVALID_STATE, not a silent overwrite. */
export async function markBillPaid(ctx: StaffCtx, input: z.output<typeof markBillPaidInput>) {
  return ctx.db.transaction(async (tx) => {
    const [bill] = await tx
      .update(supplierBills)
      .set({ status: 'paid', paidAt: shanghaiDayStart(input.paidAt), paidReference: input.reference, paidByUserId: ctx.actor.userId })
      .where(and(eq(supplierBills.id, input.billId), eq(supplierBills.status, 'unpaid')))
      .returning();
    if (!bill) {
      const [exists] = await tx.select({ status: supplierBills.status }).from(supplierBills).where(eq(supplierBills.id, input.billId));
      if (!exists) throw notFound('Bill');
      throw invalidState('This bill is already marked paid');
    }
    await recordAudit({ ...ctx, db: tx }, { action: 'bill.mark_paid', entityType: 'bill', entityId: bill.id, detail: { paidAt: input.paidAt, reference: input.reference } });
    return bill;
  });
}

/** Billed amounts per month, for the chart on the bills pages (own bills for a supplier). */
export async function billedByMonth(ctx: BillCtx) {
  const month = sql<string>`to_char(${supplierBills.periodEnd} AT TIME ZONE 'Asia/Shanghai' - interval '1 second', 'YYYY-MM')`;
  return ctx.db
    .select({
      month,
      billed: sql<number>`sum(${supplierBills.totalAmount})::bigint`.mapWith(Number),
      paid: sql<number>`coalesce(sum(${supplierBills.totalAmount}) filter (where ${supplierBills.status} = 'paid'), 0)::bigint`.mapWith(Number),
    })
    .from(supplierBills)
    .where(ownBills(ctx))
    .groupBy(month)
    .orderBy(month);
}

