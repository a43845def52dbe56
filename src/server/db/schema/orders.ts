import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  pgSequence,
  unique,
} from 'drizzle-orm/pg-core';
import { afterSalesStatus, afterSalesType, orderStatus } from './enums';
import { distributors } from './distributors';
import { products } from './catalog';
import { suppliers } from './suppliers';
import { users } from './users';
import { createdAt, fen, tstz, updatedAt } from './types';

export type Receiver = {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  address: string;
};

/**
 * An order sent by a distributor's mall. (distributor_id, mall_order_no) is the
 * idempotency record of order creation: `request_hash` is the SHA-256 of the canonical
 * request, so a retry with the same body returns this order and a different body is refused.
 */
export const orders = pgTable(
  'orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Human-readable and unique, e.g. SO2026113000000042. */
    orderNo: text('order_no').notNull().unique(),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id),
    /**
     * The distributor's level when the order was made, for reports by level (its items keep the
     * fee rate). The open API's orders give the level read with their fee rate when they were
     * planned (domain/orders/create.ts); any insert that leaves it empty gets the distributor's
     * level from the database (trigger orders_level_at_creation, drizzle/0015, 0016). No foreign key:
     * its check would lock the level's row for every order of every distributor at that level;
     * a level deleted later is reported as such.
     */
    levelId: integer('level_id'),
    mallOrderNo: text('mall_order_no').notNull(),
    requestHash: text('request_hash').notNull(),
    /** Made in test mode: its stock and money are the distributor's copies (domain/sandbox), never live. */
    sandbox: boolean('sandbox').notNull().default(false),
    status: orderStatus('status').notNull().default('pending_payment'),
    /** Sum of the items' agreed amounts (what the balance is debited), freight excluded. */
    goodsAmount: fen('goods_amount').notNull(),
    freight: fen('freight').notNull().default(0),
    /** goods_amount + freight: the amount debited on payment and credited back on refund. */
    totalAmount: fen('total_amount').notNull(),
    receiver: jsonb('receiver').$type<Receiver>().notNull(),
    remark: text('remark').notNull().default(''),
    expiresAt: tstz('expires_at').notNull(),
    paidAt: tstz('paid_at'),
    shippedAt: tstz('shipped_at'),
    completedAt: tstz('completed_at'),
    cancelledAt: tstz('cancelled_at'),
    refundedAt: tstz('refunded_at'),
    refundReason: text('refund_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('orders_distributor_mall_order_no_key').on(t.distributorId, t.mallOrderNo),
    check('orders_amounts_nonnegative', sql`${t.goodsAmount} >= 0 AND ${t.freight} >= 0 AND ${t.totalAmount} = ${t.goodsAmount} + ${t.freight}`),
    index('orders_distributor_created_idx').on(t.distributorId, t.createdAt),
    index('orders_status_created_idx').on(t.status, t.createdAt),
    // The expiry job scans unpaid orders by deadline; the auto-complete job shipped ones by date.
    index('orders_pending_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'pending_payment'`),
    index('orders_shipped_idx').on(t.shippedAt).where(sql`${t.status} = 'shipped'`),
  ],
);

/**
 * One line of an order, with the prices it was made at: later changes to the product,
 * its supply price or the level's fee never change an existing order.
 */
export const orderItems = pgTable(
  'order_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    /** Who ships it and is paid for it: null is the platform. */
    ownerSupplierId: integer('owner_supplier_id').references(() => suppliers.id),
    skuCode: text('sku_code').notNull(),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    supplyPrice: fen('supply_price').notNull(),
    feeBps: integer('fee_bps').notNull(),
    /** Agreed price per unit: supply price + fee, rounded half-up to the fen. */
    unitPrice: fen('unit_price').notNull(),
    amount: fen('amount').notNull(),
    freight: fen('freight').notNull().default(0),
    /** The platform's cost per unit at order time (a supplier's supply price: what it earns). */
    costPrice: fen('cost_price').notNull(),
    packageId: bigint('package_id', { mode: 'number' }).references((): AnyPgColumn => packages.id),
  },
  (t) => [
    check('order_items_quantity_positive', sql`${t.quantity} > 0`),
    check('order_items_amount', sql`${t.amount} = ${t.unitPrice} * ${t.quantity}`),
    index('order_items_order_idx').on(t.orderId),
    index('order_items_product_idx').on(t.productId),
    index('order_items_owner_idx').on(t.ownerSupplierId, t.orderId),
  ],
);

/** One package per owner of an order's items, with its carrier and tracking number. */
export const packages = pgTable(
  'packages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    ownerSupplierId: integer('owner_supplier_id').references(() => suppliers.id),
    carrier: text('carrier').notNull(),
    trackingNo: text('tracking_no').notNull(),
    shippedAt: tstz('shipped_at').notNull().defaultNow(),
    shippedByUserId: integer('shipped_by_user_id').references(() => users.id),
  },
  (t) => [unique('packages_order_owner_key').on(t.orderId, t.ownerSupplierId).nullsNotDistinct()],
);

/** After-sales (售后) recorded by the distributor once an order has shipped; no money moves. */
export const afterSalesCases = pgTable(
  'after_sales_cases',
  {
    id: serial('id').primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id),
    type: afterSalesType('type').notNull(),
    reason: text('reason').notNull(),
    resolution: text('resolution').notNull().default(''),
    status: afterSalesStatus('status').notNull().default('open'),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    closedAt: tstz('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('after_sales_cases_distributor_idx').on(t.distributorId, t.id), index('after_sales_cases_order_idx').on(t.orderId)],
);

/** Feeds the human-readable order numbers (SO + date + this number). */
export const orderNoSeq = pgSequence('order_no_seq');
