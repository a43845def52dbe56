import { pgEnum } from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['staff', 'supplier', 'distributor']);
export const accountStatus = pgEnum('account_status', ['active', 'disabled']);
export const recordStatus = pgEnum('record_status', ['active', 'disabled']);

export const productStatus = pgEnum('product_status', [
  'draft',
  'pending_review',
  'rejected',
  'on_sale',
  'off_shelf',
  'sold_out',
]);
/** `all`: every distributor level; `restricted`: only the granted levels and distributors. */
export const productVisibility = pgEnum('product_visibility', ['all', 'restricted']);

export const selectionMode = pgEnum('selection_mode', ['category', 'brand']);

/**
 * Why a product's stock moved, other than an order reserving it (an order's lines are the
 * record of its reservation): stock put in or taken out by a person or an import, the
 * opening stock of products that existed before movements were kept, and stock an order
 * gave back (cancelled, expired or refunded).
 */
export const stockMovementKind = pgEnum('stock_movement_kind', ['opening', 'created', 'set', 'adjusted', 'imported', 'returned']);

export const ledgerKind = pgEnum('ledger_kind', ['topup', 'adjustment', 'order_debit', 'refund_credit']);
export const topupStatus = pgEnum('topup_status', ['pending', 'approved', 'rejected', 'withdrawn']);

export const orderStatus = pgEnum('order_status', [
  'pending_payment',
  'paid',
  'shipped',
  'completed',
  'cancelled',
  'expired',
  'refunded',
]);
export const afterSalesType = pgEnum('after_sales_type', ['refund', 'return', 'exchange']);
export const afterSalesStatus = pgEnum('after_sales_status', ['open', 'closed']);

export const billStatus = pgEnum('bill_status', ['unpaid', 'paid']);

/** `superseded`: a stock event replaced by a newer one for the same product before it was sent. */
export const deliveryStatus = pgEnum('delivery_status', ['pending', 'delivered', 'failed', 'superseded']);

export const actorKind = pgEnum('actor_kind', ['staff', 'supplier', 'distributor', 'mall', 'system']);
