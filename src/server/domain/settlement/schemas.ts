import { z } from 'zod';

const day = z.iso.date();

export const generateBillInput = z
  .object({
    supplierId: z.number().int().positive(),
    /** Inclusive first day and last day of the period (Asia/Shanghai calendar days). */
    periodStart: day,
    periodEnd: day,
  })
  .refine((v) => v.periodStart <= v.periodEnd, { message: 'the period ends before it starts', path: ['periodEnd'] });

export const listBillsInput = z.object({
  supplierId: z.number().int().positive().optional(),
  status: z.enum(['unpaid', 'paid']).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const billIdInput = z.object({ billId: z.number().int().positive() });

export const markBillPaidInput = z.object({
  billId: z.number().int().positive(),
  paidAt: day,
  reference: z.string().trim().min(1, 'the payment reference is required').max(128),
});
