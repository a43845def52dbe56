import type * as Wire from '@/mall-client/types';

/**
 * The examples of the OpenAPI document and of docs/open-api.md: the worked example of the
 * demo data, with its real numbers. Distributor D0002 (高级分销商, 500 bps) orders DEMO-A
 * (supply price 10.00, stock 100, minimum 2) × 2: agreed price 10.50 a unit, 21.00 in all,
 * stock 100 → 98, and payment takes the balance from 10,000.00 to 9,979.00. Typed with the
 * wire types, so an example cannot drift from the shapes the hub serves.
 */

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 2, minute, 0)).toISOString();

export const exampleProduct: Wire.Product = {
  id: 1,
  skuCode: 'DEMO-A',
  title: '演示商品A 坚果礼盒',
  categoryId: 3,
  brandId: 1,
  images: ['https://hub.example.com/uploads/products/demo-a-1.jpg'],
  detailImages: [],
  attributes: [{ name: '规格', value: '礼盒装' }],
  minQuantity: 2,
  stock: 100,
  supplyPrice: 1000,
  serviceFeeBps: 500,
  serviceFee: 50,
  agreedPrice: 1050,
  freight: 0,
  status: 'on_sale',
  version: 7,
  updatedAt: at(0),
};

export const exampleCategories: Wire.Category[] = [
  { id: 1, name: '食品饮料', parentId: null },
  { id: 3, name: '休闲零食', parentId: 1 },
];

export const exampleBrands: Wire.Brand[] = [{ id: 1, name: '良品优选' }];

export const exampleReceiver: Wire.Receiver = { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号' };

export const exampleCreateOrder = {
  mallOrderNo: 'M20261130001',
  items: [{ productId: 1, quantity: 2 }],
  receiver: exampleReceiver,
  remark: '请尽快发货',
} satisfies Wire.CreateOrderRequest;

export const exampleOrder: Wire.Order = {
  orderNo: 'SO2026113000000001',
  mallOrderNo: 'M20261130001',
  status: 'pending_payment',
  items: [{ productId: 1, skuCode: 'DEMO-A', title: '演示商品A 坚果礼盒', quantity: 2, unitPrice: 1050, amount: 2100 }],
  totalAmount: 2100,
  freight: 0,
  receiver: exampleReceiver,
  packages: [],
  createdAt: at(1),
  expiresAt: at(31),
  paidAt: null,
  completedAt: null,
};

export const examplePaidOrder: Wire.Order = { ...exampleOrder, status: 'paid', paidAt: at(2) };

export const exampleShippedOrder: Wire.Order = {
  ...examplePaidOrder,
  status: 'shipped',
  packages: [{ carrier: '顺丰速运', trackingNo: 'SF1234567890', shippedAt: at(50), items: [{ productId: 1, skuCode: 'DEMO-A', quantity: 2 }] }],
};

export const exampleStockLevel: Wire.StockLevel = { productId: 1, stock: 98, status: 'on_sale', version: 8 };

export const exampleBalance: Wire.Balance = { balance: 997_900, currency: 'CNY' };

export const exampleBalanceChange = { balance: 997_900, entry: { kind: 'order_debit', amount: -2100, balanceAfter: 997_900, ref: 'order:SO2026113000000001' } } as const;

/** One example event per type, as a callback or `GET /events` carries it. */
export const exampleEvents: Record<Wire.EventType, Wire.HubEvent> = {
  'product.updated': { id: 'evt_5f1d3c2b9a8e7f6a5b4c3d2e', type: 'product.updated', createdAt: at(0), data: exampleProduct },
  'product.stock_changed': { id: 'evt_0a1b2c3d4e5f60718293a4b5', type: 'product.stock_changed', createdAt: at(1), data: exampleStockLevel },
  'product.status_changed': {
    id: 'evt_1b2c3d4e5f60718293a4b5c6',
    type: 'product.status_changed',
    createdAt: at(40),
    data: { productId: 1, status: 'sold_out', version: 9 },
  },
  'order.shipped': { id: 'evt_2c3d4e5f60718293a4b5c6d7', type: 'order.shipped', createdAt: at(50), data: exampleShippedOrder },
  'order.completed': { id: 'evt_3d4e5f60718293a4b5c6d7e8', type: 'order.completed', createdAt: at(55), data: { ...exampleShippedOrder, status: 'completed', completedAt: at(55) } },
  'order.cancelled': { id: 'evt_4e5f60718293a4b5c6d7e8f9', type: 'order.cancelled', createdAt: at(5), data: { ...exampleOrder, status: 'cancelled' } },
  'order.expired': { id: 'evt_5f60718293a4b5c6d7e8f90a', type: 'order.expired', createdAt: at(31), data: { ...exampleOrder, status: 'expired' } },
  'order.refunded': { id: 'evt_60718293a4b5c6d7e8f90a1b', type: 'order.refunded', createdAt: at(10), data: { ...examplePaidOrder, status: 'refunded' } },
  'balance.changed': { id: 'evt_718293a4b5c6d7e8f90a1b2c', type: 'balance.changed', createdAt: at(2), data: exampleBalanceChange },
};

type ErrorExample = { message: string; details: Record<string, unknown> };

/** An example answer for every error code of the contract (the hub's own messages). */
export const exampleErrors: Record<Exclude<Wire.ErrorCode, 'INTERNAL_ERROR'>, ErrorExample> = {
  INVALID_REQUEST: { message: 'The request has invalid fields', details: { fields: { 'items[0].quantity': 'Too small: expected number to be >=1' } } },
  BELOW_MIN_QUANTITY: {
    message: 'Product 1 (DEMO-A) is sold in quantities of at least 2',
    details: { field: 'items[0].quantity', productId: 1, skuCode: 'DEMO-A', minQuantity: 2, quantity: 1 },
  },
  UNAUTHENTICATED: { message: 'Missing signature headers: X-Nonce', details: { missingHeaders: ['X-Nonce'] } },
  BAD_SIGNATURE: {
    message: 'The signature does not match the request (check the string to sign: method, path and query as sent, timestamp, nonce, body SHA-256)',
    details: {},
  },
  TIMESTAMP_SKEW: { message: "X-Timestamp is 412 s from the hub's clock (at most 300 s)", details: { serverTime: 1796004060 } },
  NONCE_REUSED: { message: 'This nonce was used before: sign every request with a new nonce', details: {} },
  IP_NOT_ALLOWED: { message: "The address 203.0.113.9 is not on this distributor's IP whitelist", details: { ip: '203.0.113.9' } },
  DISTRIBUTOR_DISABLED: { message: 'This distributor is disabled', details: {} },
  NOT_FOUND: { message: 'Order not found', details: { orderNo: 'SO2026113000000099' } },
  OUT_OF_STOCK: {
    message: 'Not enough stock: DEMO-A (1 left, 2 asked)',
    details: { products: [{ productId: 1, skuCode: 'DEMO-A', requested: 2, available: 1 }] },
  },
  INSUFFICIENT_BALANCE: { message: 'The balance cannot cover this order', details: { balance: 1500, required: 2100 } },
  INVALID_STATE: { message: 'The order is paid: cancel is not possible', details: { orderNo: 'SO2026113000000001', status: 'paid' } },
  IDEMPOTENCY_CONFLICT: { message: 'This mallOrderNo was used before with a different request', details: { orderNo: 'SO2026113000000001' } },
  PRODUCT_UNAVAILABLE: { message: 'Product 1 (DEMO-A) is not on sale', details: { field: 'items[0]', productId: 1, skuCode: 'DEMO-A' } },
  PAYLOAD_TOO_LARGE: { message: 'The body is larger than 1048576 bytes', details: { maxBytes: 1_048_576 } },
  RATE_LIMITED: { message: 'Too many requests: at most 50 per second (bursts of 100)', details: { retryAfterSeconds: 1, limitPerSecond: 50, burst: 100 } },
};
