import { z } from 'zod';
import { calendarDay } from '../wallet/schemas';

const DAY_MS = 24 * 3600_000;

/**
 * A range of China's calendar days, both ends included, in buckets of a day or a month.
 * Days cover at most 366 buckets and months ten years, so a chart stays readable.
 */
export const financeOverviewInput = z
  .strictObject({
    from: calendarDay,
    to: calendarDay,
    granularity: z.enum(['day', 'month']).default('day'),
  })
  .refine((v) => v.from <= v.to, { message: 'the range ends before it starts', path: ['to'] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / DAY_MS < (v.granularity === 'day' ? 366 : 3653), {
    message: 'range too long: at most 366 days by day, ten years by month',
    path: ['from'],
  });

export type FinanceOverviewInput = z.output<typeof financeOverviewInput>;
