import { z } from 'zod';
import { idSchema, queryIdSchema } from '../ids';

const day = z.iso.date();

export const generateBillInput = z
  .strictObject({
    supplierId: idSchema,
    /** Inclusive first day and last day of the period (Asia/Shanghai calendar days). */
    periodStart: day,
    periodEnd: day,
  })
  .refine((v) => v.periodStart <= v.periodEnd, { message: 'the period ends before it starts', path: ['periodEnd'] });

/** What the bill lists sort by (with `dir`): the order they were cut in, the period's start, or the total. */
export const BILL_SORTS = ['id', 'periodStart', 'totalAmount'] as const;

export const listBillsInput = z.strictObject({
  supplierId: idSchema.optional(),
  status: z.enum(['unpaid', 'paid']).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
  /** Newest first unless asked otherwise; ties by id, so pages never overlap. */
  sort: z.enum(BILL_SORTS).default('id'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});

export const billIdInput = z.strictObject({ billId: idSchema });

export const markBillPaidInput = z.strictObject({
  billId: idSchema,
  paidAt: day,
  reference: z.string().trim().min(1, 'the payment reference is required').max(128),
});

/** Where an earning stands: not on a bill yet, on an unpaid bill, or on a paid one. */
export const EARNING_STATES = ['unbilled', 'billed', 'paid'] as const;
export type EarningState = (typeof EARNING_STATES)[number];

const queryId = queryIdSchema;

/** Exports' filters (a download link's query string). Days are China's calendar days. */
export const earningsExportInput = z.object({
  /** Staff only: one supplier. */
  supplierId: queryId.optional(),
  state: z.enum(EARNING_STATES).optional(),
  from: day.optional(),
  to: day.optional(),
});

export const billsExportInput = z.object({
  /** Staff only: one supplier. */
  supplierId: queryId.optional(),
  status: z.enum(['unpaid', 'paid']).optional(),
  /** Bills whose period overlaps these days. */
  from: day.optional(),
  to: day.optional(),
});

export const billExportInput = z.object({ billId: queryId });

export const earningsListInput = z.strictObject({
  supplierId: idSchema.optional(),
  state: z.enum(EARNING_STATES).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
