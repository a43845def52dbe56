import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgSequence, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { billStatus } from './enums';
import { suppliers } from './suppliers';
import { orderItems } from './orders';
import { users } from './users';
import { createdAt, fen, tstz } from './types';

/**
 * What a supplier earned for one item of a completed order: supply price × quantity
 * (+ freight). One per order item; billed at most once (see bill_lines).
 */
export const supplierEarnings = pgTable(
  'supplier_earnings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    orderItemId: bigint('order_item_id', { mode: 'number' })
      .notNull()
      .unique()
      .references(() => orderItems.id),
    amount: fen('amount').notNull(),
    freight: fen('freight').notNull().default(0),
    /** When the order completed: the date a bill's period is matched against. */
    earnedAt: tstz('earned_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('supplier_earnings_nonnegative', sql`${t.amount} >= 0 AND ${t.freight} >= 0`),
    index('supplier_earnings_supplier_idx').on(t.supplierId, t.earnedAt),
  ],
);

/** A bill (账单) to a supplier for a period; paid offline, then marked paid by staff. */
export const supplierBills = pgTable(
  'supplier_bills',
  {
    id: serial('id').primaryKey(),
    billNo: text('bill_no').notNull().unique(),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    periodStart: tstz('period_start').notNull(),
    periodEnd: tstz('period_end').notNull(),
    totalAmount: fen('total_amount').notNull(),
    status: billStatus('status').notNull().default('unpaid'),
    paidAt: tstz('paid_at'),
    paidReference: text('paid_reference'),
    paidByUserId: integer('paid_by_user_id').references(() => users.id),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('supplier_bills_period', sql`${t.periodStart} < ${t.periodEnd}`),
    check('supplier_bills_paid_fields', sql`${t.status} = 'unpaid' OR (${t.paidAt} IS NOT NULL AND ${t.paidReference} IS NOT NULL)`),
    index('supplier_bills_supplier_idx').on(t.supplierId, t.id),
  ],
);

/** A line of a bill. `earning_id` is unique: no earning is ever billed twice. */
export const billLines = pgTable(
  'bill_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    billId: integer('bill_id')
      .notNull()
      .references(() => supplierBills.id),
    earningId: bigint('earning_id', { mode: 'number' })
      .notNull()
      .unique()
      .references(() => supplierEarnings.id),
    amount: fen('amount').notNull(),
  },
  (t) => [index('bill_lines_bill_idx').on(t.billId)],
);

/** Feeds the bill numbers (BL + date + this number). */
export const billNoSeq = pgSequence('bill_no_seq');
