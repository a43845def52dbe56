/**
 * The wire shapes of the open API (docs/open-api.md), as a mall receives them. The hub's zod
 * schemas are checked against these at compile time (server/open-api/endpoints.ts).
 */

export type ProductStatus = 'on_sale' | 'sold_out' | 'unavailable';

export type Product = {
  id: number;
  skuCode: string;
  title: string;
  categoryId: number;
  brandId: number;
  images: string[];
  detailImages: string[];
  attributes: { name: string; value: string }[];
  minQuantity: number;
  stock: number;
  /** Money is integer fen: 2100 = 21.00 CNY. */
  supplyPrice: number;
  serviceFeeBps: number;
  serviceFee: number;
  agreedPrice: number;
  freight: number;
  status: ProductStatus;
  version: number;
  updatedAt: string;
};

export type Category = { id: number; name: string; parentId: number | null };
export type Brand = { id: number; name: string };
export type StockLevel = { productId: number; stock: number; status: ProductStatus; version: number };

export type Receiver = { name: string; phone: string; province: string; city: string; district: string; address: string };

export type OrderStatus = 'pending_payment' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'expired' | 'refunded';

export type Order = {
  orderNo: string;
  mallOrderNo: string;
  status: OrderStatus;
  items: { productId: number; skuCode: string; title: string; quantity: number; unitPrice: number; amount: number }[];
  totalAmount: number;
  freight: number;
  receiver: Receiver;
  packages: { carrier: string; trackingNo: string; shippedAt: string; items: { productId: number; skuCode: string; quantity: number }[] }[];
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  completedAt: string | null;
};

export type CreateOrderRequest = {
  mallOrderNo: string;
  /** Each line names the product by productId or by skuCode. */
  items: ({ productId: number; skuCode?: never; quantity: number } | { skuCode: string; productId?: never; quantity: number })[];
  receiver: Receiver;
  remark?: string;
};

export type Balance = { balance: number; currency: 'CNY' };

export type EventType =
  | 'product.updated'
  | 'product.stock_changed'
  | 'product.status_changed'
  | 'order.shipped'
  | 'order.completed'
  | 'order.cancelled'
  | 'order.expired'
  | 'order.refunded'
  | 'balance.changed';

export type HubEvent = { id: string; type: EventType; createdAt: string; data: unknown };

export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'BELOW_MIN_QUANTITY'
  | 'UNAUTHENTICATED'
  | 'BAD_SIGNATURE'
  | 'TIMESTAMP_SKEW'
  | 'NONCE_REUSED'
  | 'IP_NOT_ALLOWED'
  | 'DISTRIBUTOR_DISABLED'
  | 'NOT_FOUND'
  | 'OUT_OF_STOCK'
  | 'INSUFFICIENT_BALANCE'
  | 'INVALID_STATE'
  | 'IDEMPOTENCY_CONFLICT'
  | 'PRODUCT_UNAVAILABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR';

export type Page<T> = { data: T[]; nextCursor: string | null };
