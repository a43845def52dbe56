import { z } from 'zod';
import { isStockInput, listProductsInput, stockInput } from '@/server/domain/mall/catalog';
import { listEventsInput } from '@/server/domain/events/feed';
import { createOrderInput, mallOrderNoSchema, orderNoSchema, receiverSchema, refundInput } from '@/server/domain/orders/schemas';
import type { ErrorCode } from '@/server/domain/errors';
import type { ledgerKind } from '@/server/db/schema/enums';
import type * as Wire from '@/mall-client/types';
import * as ex from './examples';

/**
 * Every endpoint of the open API, with the zod schemas that validate its input (the
 * domain's own) and describe its output. The route handlers take their schemas from
 * here and the OpenAPI document is generated from here: what is documented is what is
 * enforced.
 */

const isoTime = z.iso.datetime().describe('ISO 8601, UTC');
const fen = z.int().describe('Integer fen: 2100 = 21.00 CNY');

export const productSchema = z
  .object({
    id: z.int(),
    skuCode: z.string().describe('货号: unique, the external key malls use'),
    title: z.string(),
    categoryId: z.int(),
    brandId: z.int(),
    images: z.array(z.url()).describe('Main images, absolute URLs, in display order'),
    detailImages: z.array(z.url()).describe('The detail page (images only), absolute URLs'),
    attributes: z.array(z.object({ name: z.string(), value: z.string() })),
    minQuantity: z.int().describe('起售数: the smallest quantity an order line may ask for'),
    stock: z.int().describe('Shared, live stock'),
    supplyPrice: fen.describe('供货价 per unit, fen'),
    serviceFeeBps: z.int().describe("The distributor level's service-fee rate, basis points"),
    serviceFee: fen.describe('Service fee per unit, fen (supply price × rate, half-up)'),
    agreedPrice: fen.describe('协议价 per unit, fen: what the balance is debited per unit'),
    freight: fen.describe('Freight per order line, fen (0: 包邮)'),
    status: z.enum(['on_sale', 'sold_out', 'unavailable']).describe('`unavailable`: withdrawn, or no longer offered to this distributor'),
    version: z.int().describe('Grows with every change: keep the highest. Orders reserved together in one transaction are one change (one step of version, one updatedAt)'),
    updatedAt: isoTime,
  })
  .meta({ id: 'Product' });

export const categorySchema = z.object({ id: z.int(), name: z.string(), parentId: z.int().nullable() }).meta({ id: 'Category' });
export const brandSchema = z.object({ id: z.int(), name: z.string() }).meta({ id: 'Brand' });
export const stockLevelSchema = z
  .object({ productId: z.int(), stock: z.int(), status: productSchema.shape.status, version: z.int() })
  .meta({ id: 'StockLevel' });

export const orderSchema = z
  .object({
    orderNo: z.string().describe("The hub's order number"),
    mallOrderNo: z.string(),
    status: z.enum(['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'expired', 'refunded']),
    items: z.array(
      z.object({ productId: z.int(), skuCode: z.string(), title: z.string(), quantity: z.int(), unitPrice: fen.describe('Agreed price per unit at order time'), amount: fen }),
    ),
    totalAmount: fen.describe('Goods plus freight: what payment debits'),
    freight: fen,
    receiver: receiverSchema.meta({ id: 'Receiver' }),
    packages: z.array(
      z.object({
        carrier: z.string(),
        trackingNo: z.string(),
        shippedAt: isoTime,
        items: z.array(z.object({ productId: z.int(), skuCode: z.string(), quantity: z.int() })),
      }),
    ),
    createdAt: isoTime,
    expiresAt: isoTime.describe('Unpaid orders expire then, and their stock returns'),
    paidAt: isoTime.nullable(),
    completedAt: isoTime.nullable(),
  })
  .meta({ id: 'Order' });

export const balanceSchema = z.object({ balance: fen, currency: z.literal('CNY') }).meta({ id: 'Balance' });

export const eventTypes = [
  'product.updated',
  'product.stock_changed',
  'product.status_changed',
  'order.shipped',
  'order.completed',
  'order.cancelled',
  'order.expired',
  'order.refunded',
  'balance.changed',
] as const satisfies readonly Wire.EventType[];

export const eventSchema = z
  .object({
    id: z.string().describe('Dedupe on it'),
    type: z.enum(eventTypes),
    createdAt: isoTime,
    data: z.unknown().describe('The product, `{productId, stock, status, version}`, `{productId, status, version}`, the order, or `{balance, entry}`'),
  })
  .meta({ id: 'Event' });

export const productStatusChangeSchema = z.object({ productId: z.int(), status: productSchema.shape.status, version: z.int() }).meta({ id: 'ProductStatusChange' });

export const balanceChangeSchema = z
  .object({
    balance: fen.describe('The balance after this entry, fen'),
    entry: z.object({
      kind: z.enum(['topup', 'adjustment', 'order_debit', 'refund_credit']).describe('充值, 调整, 订单扣款, 退款'),
      amount: fen.describe('Signed: negative for a debit'),
      balanceAfter: fen,
      ref: z.string().describe('What caused it, e.g. `order:SO2026113000000001`'),
    }),
  })
  .meta({ id: 'BalanceChange' });

/** What each callback type carries in `data`. */
export const eventDataSchemas: Record<Wire.EventType, z.ZodType> = {
  'product.updated': productSchema,
  'product.stock_changed': stockLevelSchema,
  'product.status_changed': productStatusChangeSchema,
  'order.shipped': orderSchema,
  'order.completed': orderSchema,
  'order.cancelled': orderSchema,
  'order.expired': orderSchema,
  'order.refunded': orderSchema,
  'balance.changed': balanceChangeSchema,
};

/** The code of an error answer: the contract's codes, and INTERNAL_ERROR for a failure of the hub's own. */
export const wireErrorCodes = [
  'INVALID_REQUEST',
  'BELOW_MIN_QUANTITY',
  'UNAUTHENTICATED',
  'BAD_SIGNATURE',
  'TIMESTAMP_SKEW',
  'NONCE_REUSED',
  'IP_NOT_ALLOWED',
  'DISTRIBUTOR_DISABLED',
  'NOT_FOUND',
  'OUT_OF_STOCK',
  'INSUFFICIENT_BALANCE',
  'INVALID_STATE',
  'IDEMPOTENCY_CONFLICT',
  'PRODUCT_UNAVAILABLE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
] as const satisfies readonly Wire.ErrorCode[];

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(wireErrorCodes),
      message: z.string().describe('For people: English, says what to fix'),
      details: z.record(z.string(), z.unknown()).describe('`fields` names each bad field; `products` the ones short of stock; `retryAfterSeconds`; …'),
    }),
  })
  .meta({ id: 'Error' });

const productIdParam = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,9}$/, 'a product id').transform(Number) });
const orderNoParam = z.strictObject({ orderNo: orderNoSchema });

export type Endpoint = {
  method: 'get' | 'post';
  path: string;
  summary: string;
  description?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * For the hottest bodies: whether a parsed body is valid as it is, checked by hand instead
   * of by `body` (zod). It must accept exactly what `body` accepts, and is trusted to: a
   * body it accepts is taken as it is, any other goes through `body`, which words the error.
   */
  bodyAsIs?: (value: unknown) => boolean;
  /** Success status → the `data` it answers with (`list`: with `nextCursor`). */
  responses: Partial<Record<200 | 201, { data: z.ZodType; list?: boolean; description: string; example: unknown }>>;
  /** An example request body (the worked example). */
  bodyExample?: unknown;
  errors: ErrorCode[];
};

const AUTH: ErrorCode[] = ['UNAUTHENTICATED', 'BAD_SIGNATURE', 'TIMESTAMP_SKEW', 'NONCE_REUSED', 'IP_NOT_ALLOWED', 'DISTRIBUTOR_DISABLED', 'RATE_LIMITED'];
const ORDER_STEP: ErrorCode[] = [...AUTH, 'INVALID_REQUEST', 'NOT_FOUND', 'INVALID_STATE'];

export const endpoints = {
  listCategories: {
    method: 'get',
    path: '/categories',
    summary: 'Category tree',
    description: 'Every active category, flat, with its parent (`null` for top level).',
    responses: { 200: { data: z.array(categorySchema), description: 'The categories', example: ex.exampleCategories } },
    errors: AUTH,
  },
  listBrands: {
    method: 'get',
    path: '/brands',
    summary: 'Brands',
    responses: { 200: { data: z.array(brandSchema), description: 'The brands', example: ex.exampleBrands } },
    errors: AUTH,
  },
  listProducts: {
    method: 'get',
    path: '/products',
    summary: 'Products offered to this distributor (full or incremental sync)',
    description:
      'Without `updatedSince`: the listed products (`on_sale`, `sold_out`). With it: every product changed at or after that time, withdrawn ones as `unavailable`; pass the largest `updatedAt` you received. The selection (选品) applies unless `categoryId` or `brandId` is given. Page with `nextCursor` until it is `null`.',
    query: listProductsInput,
    responses: { 200: { data: productSchema, list: true, description: 'A page of products', example: [ex.exampleProduct] } },
    errors: [...AUTH, 'INVALID_REQUEST'],
  },
  getProduct: {
    method: 'get',
    path: '/products/{id}',
    summary: 'One product',
    params: productIdParam,
    responses: { 200: { data: productSchema, description: 'The product', example: ex.exampleProduct } },
    errors: [...AUTH, 'INVALID_REQUEST', 'NOT_FOUND'],
  },
  stockLevels: {
    method: 'post',
    path: '/stock',
    summary: 'Live stock of up to 500 products',
    description: 'Unknown ids are left out; products no longer offered read `unavailable` with stock 0.',
    body: stockInput,
    bodyAsIs: isStockInput,
    bodyExample: { productIds: [1] },
    responses: { 200: { data: z.array(stockLevelSchema), description: 'Stock levels', example: [ex.exampleStockLevel] } },
    errors: [...AUTH, 'INVALID_REQUEST', 'PAYLOAD_TOO_LARGE'],
  },
  createOrder: {
    method: 'post',
    path: '/orders',
    summary: 'Create an order (reserves its stock)',
    description:
      'All items are reserved or none. `mallOrderNo` is the idempotency key: the same body again answers 200 with the same order, a different body 409 IDEMPOTENCY_CONFLICT. OUT_OF_STOCK names the products short in `details.products` and marks them sold out.',
    body: createOrderInput,
    bodyExample: ex.exampleCreateOrder,
    responses: {
      201: { data: orderSchema, description: 'Created; stock reserved until `expiresAt`', example: ex.exampleOrder },
      200: { data: orderSchema, description: 'The same request again: the order it created', example: ex.exampleOrder },
    },
    errors: [...AUTH, 'INVALID_REQUEST', 'BELOW_MIN_QUANTITY', 'NOT_FOUND', 'PRODUCT_UNAVAILABLE', 'OUT_OF_STOCK', 'INSUFFICIENT_BALANCE', 'IDEMPOTENCY_CONFLICT', 'PAYLOAD_TOO_LARGE'],
  },
  findOrder: {
    method: 'get',
    path: '/orders',
    summary: 'One order by the mall’s order number',
    query: z.strictObject({ mallOrderNo: mallOrderNoSchema }),
    responses: { 200: { data: orderSchema, description: 'The order', example: ex.examplePaidOrder } },
    errors: [...AUTH, 'INVALID_REQUEST', 'NOT_FOUND'],
  },
  getOrder: {
    method: 'get',
    path: '/orders/{orderNo}',
    summary: 'One order',
    params: orderNoParam,
    responses: { 200: { data: orderSchema, description: 'The order', example: ex.examplePaidOrder } },
    errors: [...AUTH, 'INVALID_REQUEST', 'NOT_FOUND'],
  },
  payOrder: {
    method: 'post',
    path: '/orders/{orderNo}/pay',
    summary: "The mall's user paid: debit the balance",
    description: 'Idempotent: paying a paid order answers 200 and debits nothing. Too little balance: 409 INSUFFICIENT_BALANCE, the order stays unpaid.',
    params: orderNoParam,
    responses: { 200: { data: orderSchema, description: 'The paid order', example: ex.examplePaidOrder } },
    errors: [...ORDER_STEP, 'INSUFFICIENT_BALANCE'],
  },
  cancelOrder: {
    method: 'post',
    path: '/orders/{orderNo}/cancel',
    summary: 'Cancel an unpaid order (stock returns)',
    params: orderNoParam,
    responses: { 200: { data: orderSchema, description: 'The cancelled order', example: ex.exampleEvents['order.cancelled'].data } },
    errors: ORDER_STEP,
  },
  refundOrder: {
    method: 'post',
    path: '/orders/{orderNo}/refund',
    summary: 'Refund a paid order before shipping (balance and stock return)',
    params: orderNoParam,
    body: refundInput,
    bodyExample: { reason: '买家不想要了' },
    responses: { 200: { data: orderSchema, description: 'The refunded order', example: ex.exampleEvents['order.refunded'].data } },
    errors: ORDER_STEP,
  },
  confirmReceipt: {
    method: 'post',
    path: '/orders/{orderNo}/confirm-receipt',
    summary: 'Shipped → completed',
    params: orderNoParam,
    responses: { 200: { data: orderSchema, description: 'The completed order', example: ex.exampleEvents['order.completed'].data } },
    errors: ORDER_STEP,
  },
  getBalance: {
    method: 'get',
    path: '/balance',
    summary: "The distributor's balance",
    responses: { 200: { data: balanceSchema, description: 'The balance', example: ex.exampleBalance } },
    errors: AUTH,
  },
  listEvents: {
    method: 'get',
    path: '/events',
    summary: 'Events, oldest first (the same as the callbacks)',
    description: '`nextCursor` is always given: keep it and call again later. An empty page means you are caught up.',
    query: listEventsInput,
    responses: { 200: { data: eventSchema, list: true, description: 'A page of events', example: [ex.exampleEvents['product.stock_changed'], ex.exampleEvents['balance.changed']] } },
    errors: [...AUTH, 'INVALID_REQUEST'],
  },
} as const satisfies Record<string, Endpoint>;

// The documented shapes are the served ones (the domain serialises to the mall client's
// wire types): these fail to compile if they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const clientProductMatches: Same<z.output<typeof productSchema>, Wire.Product> = true;
const clientOrderMatches: Same<z.output<typeof orderSchema>, Wire.Order> = true;
const clientEventMatches: Same<z.output<typeof eventSchema>['type'], Wire.EventType> = true;
const clientErrorMatches: Same<(typeof wireErrorCodes)[number], Wire.ErrorCode> = true;
const clientBalanceChangeMatches: Same<z.output<typeof balanceChangeSchema>['entry']['kind'], (typeof ledgerKind.enumValues)[number]> = true;
void [clientProductMatches, clientOrderMatches, clientEventMatches, clientErrorMatches, clientBalanceChangeMatches];
