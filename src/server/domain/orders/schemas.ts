import { z } from 'zod';
import { idSchema, queryIdSchema } from '../ids';
import { pageInput } from '../paging';
import { calendarDay } from '../wallet/schemas';

/**
 * The inputs of the order verbs. The open API validates requests with these exact schemas
 * and its OpenAPI document is generated from them.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const receiverSchema = z.strictObject({
  name: text(50).describe('Receiver name'),
  phone: z.string().trim().regex(/^[0-9+\-() ]{5,30}$/, 'a phone number of 5–30 digits, spaces and + - ( )'),
  province: text(50),
  city: text(50),
  /** Some cities have no district level: empty is allowed. */
  district: z.string().trim().max(50),
  address: text(200),
});

export const mallOrderNoSchema = z
  .string()
  .regex(/^[A-Za-z0-9_\-.:/]{1,64}$/, '1–64 characters of letters, digits and _ - . : /')
  .describe("The mall's own order number: the idempotency key of order creation");

export const orderItemInputSchema = z
  .strictObject({
    productId: idSchema.optional(),
    skuCode: z.string().trim().min(1).max(64).optional(),
    quantity: z.int().min(1).max(100_000),
  })
  .refine((item) => (item.productId === undefined) !== (item.skuCode === undefined), {
    message: 'name the product by exactly one of productId or skuCode',
  })
  .describe('One line: the product by productId or by skuCode, and the quantity');

export const createOrderInput = z.strictObject({
  mallOrderNo: mallOrderNoSchema,
  items: z.array(orderItemInputSchema).min(1).max(100),
  receiver: receiverSchema,
  remark: z.string().max(500).default(''),
});
export type CreateOrderInput = z.output<typeof createOrderInput>;

export const orderNoSchema = z.string().regex(/^[A-Za-z0-9]{1,40}$/, 'an order number such as SO2026113000000042');

export const orderRefInput = z.strictObject({ orderNo: orderNoSchema });
export type OrderRef = { orderNo: string } | { mallOrderNo: string };

export const refundInput = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe('Why the order is refunded (shown to staff and in the audit log)'),
});

/* The portals' order lists (pure zod: the pages import these for their filters). */

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'expired', 'refunded'] as const;

export const portalOrderRefInput = z.strictObject({ orderNo: orderNoSchema });

/** What the order lists sort by (with `dir`): when the order was made, or its amount. */
export const ORDER_SORTS = ['createdAt', 'totalAmount'] as const;

export const listOrdersInput = pageInput.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  /** Created on or after this day, and on or before `to` (China's calendar days). */
  from: calendarDay.optional(),
  to: calendarDay.optional(),
  /** Part of an item's SKU code or title. */
  product: z.string().trim().max(64).optional(),
  orderNo: z.string().trim().max(40).optional(),
  mallOrderNo: z.string().trim().max(64).optional(),
  /** Paid, and the caller's package (staff: the platform's) not shipped yet. */
  toShip: z.boolean().optional(),
  /** Staff only: one distributor's orders. */
  distributorId: idSchema.optional(),
  /** Newest first unless asked otherwise; ties by the order's id, so pages never overlap. */
  sort: z.enum(ORDER_SORTS).default('createdAt'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type ListOrdersInput = z.output<typeof listOrdersInput>;

/** The same filters for an export (a download link's query string: ids are text there). */
export const orderExportInput = listOrdersInput.omit({ page: true, pageSize: true, sort: true, dir: true, toShip: true, distributorId: true }).extend({
  distributorId: queryIdSchema.optional(),
});

export const ordersPerDayInput = z.strictObject({ days: z.int().min(2).max(90).default(14) });

export const portalRefundInput = portalOrderRefInput.extend(refundInput.shape);
