import { z } from 'zod';
import { idSchema } from '../distributors/schemas';
import { queryIdSchema } from '../ids';
import { pageInput } from '../paging';

/** Inputs of the wallet verbs; the portals' forms and the routers share them. */

/** A positive amount of fen, at most 100 million yuan in one step. */
export const positiveFen = z.number().int('amount: whole fen').positive('amount: more than 0').max(10_000_000_000, 'amount: too large');

/**
 * Chosen by the form when it opens (a UUID): the same submission sent twice (a double
 * click, a retry after a timeout) is applied once.
 */
export const requestKey = z.string().uuid();

export const directTopupInput = z.strictObject({
  distributorId: idSchema,
  amount: positiveFen,
  note: z.string().trim().max(500).default(''),
  requestKey,
});

/** Up or down, by staff, always with the reason written down. */
export const adjustmentInput = z.strictObject({
  distributorId: idSchema,
  direction: z.enum(['up', 'down']),
  amount: positiveFen,
  reason: z.string().trim().min(1, 'reason is required').max(500),
  requestKey,
});

export const PAYMENT_METHODS = ['bank_transfer', 'alipay', 'wechat', 'other'] as const;

/** A storage key of the uploads store: no scheme, no `..`, no leading slash. */
const storageKey = z
  .string()
  .max(300)
  .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9/_.-]+$/, 'proof image: not a stored upload');

export const topupRequestInput = z.strictObject({
  amount: positiveFen,
  paymentMethod: z.enum(PAYMENT_METHODS),
  /** The bank or wallet transaction number, so staff can find the payment. */
  paymentReference: z.string().trim().min(1, 'payment reference is required').max(128),
  proofImage: storageKey.nullable().default(null),
  note: z.string().trim().max(500).default(''),
});

export const topupIdInput = z.strictObject({ id: idSchema });
export const rejectTopupInput = z.strictObject({ id: idSchema, reason: z.string().trim().min(1, 'reason is required').max(500) });

/** What the top-up lists sort by (with `dir`): when applied for (the id), or the amount. */
export const TOPUP_SORTS = ['id', 'amount'] as const;

export const topupListInput = pageInput.extend({
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional(),
  /** Staff only: one distributor. */
  distributorId: idSchema.optional(),
  /** Newest first unless asked otherwise; ties by id, so pages never overlap. */
  sort: z.enum(TOPUP_SORTS).default('id'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});

/** A calendar date, YYYY-MM-DD, that exists (no 2026-02-30). */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'date: no such day');

/** Days are calendar days in China time (Asia/Shanghai), both ends included. */
export const ledgerFilter = z.strictObject({
  /** Staff only: one distributor. */
  distributorId: idSchema.optional(),
  kind: z.enum(['topup', 'adjustment', 'order_debit', 'refund_credit']).optional(),
  direction: z.enum(['credit', 'debit']).optional(),
  from: calendarDay.optional(),
  to: calendarDay.optional(),
  /** Part of the reference (e.g. an order number) or the note. */
  search: z.string().trim().max(64).optional(),
});

export const ledgerListInput = pageInput.extend(ledgerFilter.shape);

/** The ledger export's filters, as a download link's query string carries them. */
export const ledgerExportInput = ledgerFilter.extend({ distributorId: queryIdSchema.optional() });

export const balanceSeriesInput = z.strictObject({
  distributorId: idSchema.optional(),
  days: z.number().int().min(2).max(366).default(30),
});

/** A calendar month, YYYY-MM. */
export const calendarMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month: YYYY-MM');

/** Monthly statements from one month to another (China's calendar), at most ten years. */
function monthRange<S extends z.ZodType<{ from: string; to: string }>>(schema: S) {
  return schema
    .refine((v) => v.from <= v.to, { message: 'the range ends before it starts', path: ['to'] })
    .refine((v) => monthIndex(v.to) - monthIndex(v.from) < 120, { message: 'at most 120 months', path: ['from'] });
}

/** A distributor's own statements (the session names it). */
export const ownStatementsInput = monthRange(z.strictObject({ from: calendarMonth, to: calendarMonth }));

/** Staff: one distributor's statements. */
export const statementsInput = monthRange(z.strictObject({ distributorId: idSchema, from: calendarMonth, to: calendarMonth }));

function monthIndex(month: string) {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
}

/** One month's statement to download (a link's query string: the id is text there). */
export const statementExportInput = z.object({
  distributorId: queryIdSchema.optional(),
  month: calendarMonth,
});
