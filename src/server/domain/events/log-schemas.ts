import { z } from 'zod';
import { idSchema } from '../ids';
import { pageInput } from '../paging';
import { calendarDay } from '../wallet/schemas';

/** Inputs of the callback log (log.ts); pure zod, so the pages import them too. */

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'superseded'] as const;

export const listEventLogInput = pageInput.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
  /** An event type, or a family such as `order.` or `product.`. */
  type: z.string().trim().max(40).optional(),
  /** An event id, or an order number (finds the events about that order). */
  search: z.string().trim().max(64).optional(),
  from: calendarDay.optional(),
  to: calendarDay.optional(),
  /** Staff only. */
  distributorId: idSchema.optional(),
});

export const eventStatsInput = z.strictObject({ days: z.int().min(2).max(60).default(14) });
