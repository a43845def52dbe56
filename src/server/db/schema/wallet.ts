import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, serial, text, unique } from 'drizzle-orm/pg-core';
import { ledgerKind, topupStatus } from './enums';
import { distributors } from './distributors';
import { users } from './users';
import { createdAt, fen, tstz, updatedAt } from './types';

/** A distributor's prepaid balance (货款). Changed only together with a ledger entry. */
export const wallets = pgTable(
  'wallets',
  {
    distributorId: integer('distributor_id')
      .primaryKey()
      .references(() => distributors.id),
    balance: fen('balance').notNull().default(0),
    updatedAt: updatedAt(),
  },
  // With the conditional UPDATEs in the wallet verbs, this makes overdraft impossible.
  (t) => [check('wallets_balance_nonnegative', sql`${t.balance} >= 0`)],
);

/**
 * Append-only (a trigger refuses UPDATE and DELETE). `amount` is signed; `balance_after`
 * is the wallet balance right after this entry, so the ledger replays to the balance.
 * (kind, ref) is unique: the same order can be debited once and refunded once, the same
 * top-up request credited once, whatever retries or races happen.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id),
    kind: ledgerKind('kind').notNull(),
    amount: fen('amount').notNull(),
    balanceAfter: fen('balance_after').notNull(),
    /** What caused it: `order:<orderNo>`, `topup:<requestId>`, `adjust:<uuid>`, … */
    ref: text('ref').notNull(),
    note: text('note').notNull().default(''),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('ledger_entries_kind_ref_key').on(t.kind, t.ref),
    check('ledger_entries_amount_nonzero', sql`${t.amount} <> 0`),
    check('ledger_entries_balance_after_nonnegative', sql`${t.balanceAfter} >= 0`),
    index('ledger_entries_distributor_idx').on(t.distributorId, t.id),
  ],
);

/** A distributor's application for a top-up paid offline; staff approve or reject it. */
export const topupRequests = pgTable(
  'topup_requests',
  {
    id: serial('id').primaryKey(),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id),
    amount: fen('amount').notNull(),
    paymentMethod: text('payment_method').notNull(),
    paymentReference: text('payment_reference').notNull().default(''),
    /** Storage key of an optional proof image. */
    proofImage: text('proof_image'),
    note: text('note').notNull().default(''),
    status: topupStatus('status').notNull().default('pending'),
    reviewedByUserId: integer('reviewed_by_user_id').references(() => users.id),
    reviewedAt: tstz('reviewed_at'),
    rejectReason: text('reject_reason'),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('topup_requests_amount_positive', sql`${t.amount} > 0`),
    index('topup_requests_distributor_idx').on(t.distributorId, t.id),
    index('topup_requests_status_idx').on(t.status, t.id),
  ],
);
