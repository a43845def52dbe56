import { z } from 'zod';
import { orderNoSchema } from '../orders/schemas';
import { idSchema } from '../ids';
import { pageInput } from '../paging';
import { adjustmentInput } from '../wallet/schemas';

/** Inputs of the after-sales verbs (售后): the portals' forms and the routers share them. */

export const AFTER_SALES_TYPES = ['refund', 'return', 'exchange'] as const;
export const AFTER_SALES_STATUSES = ['open', 'closed'] as const;

const caseId = idSchema;

export const openCaseInput = z.strictObject({
  orderNo: orderNoSchema,
  type: z.enum(AFTER_SALES_TYPES),
  reason: z.string().trim().min(1, 'reason is required').max(500),
  /** What was agreed with the buyer, if known already; required when closing. */
  resolution: z.string().trim().max(500).default(''),
});

export const closeCaseInput = z.strictObject({
  caseId,
  resolution: z.string().trim().min(1, 'resolution is required').max(500),
});

export const caseIdInput = z.strictObject({ caseId });

export const listCasesInput = pageInput.extend({
  status: z.enum(AFTER_SALES_STATUSES).optional(),
  type: z.enum(AFTER_SALES_TYPES).optional(),
  orderNo: z.string().trim().max(40).optional(),
  /** Staff only: one distributor's cases. */
  distributorId: idSchema.optional(),
});

/** Staff adjust the case's distributor's balance, by hand, with a reason: the case names the distributor. */
export const caseAdjustmentInput = adjustmentInput.omit({ distributorId: true }).extend({ caseId });
