/**
 * Two tenants with the same things, made through the product's own verbs: A is the caller,
 * B the one whose records A must not reach. Each has a supplier (products in every status,
 * the orders of its products, a bill) and a distributor (orders in every state, an
 * after-sales case, top-up applications, events, a product offered to it alone). A new
 * kind of record that a procedure reads by id belongs here, for both sides: the matrix
 * fails, naming the procedure, until the world holds one.
 */
import { randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { distributorCategories, orders, outboxEvents, productDistributorGrants, products, users } from '@/server/db/schema';
import { cancelOrder } from '@/server/domain/orders/cancel';
import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { testDb } from '@tests/support/db';
import { createBrand, createCategory, createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { completedOrder } from '@tests/support/settlement';
import type { Tenant } from '@tests/support/snapshot';
import { callerAs } from '@tests/support/trpc';
import { RECEIVER } from '../open-api/support';
import { mallCtx, placeOrder } from '../orders/world';

export type Side = Awaited<ReturnType<typeof buildSide>>;

async function buildSide(db: Db, label: 'A' | 'B', shared: { categoryId: number; brandId: number; staff: Awaited<ReturnType<typeof createStaff>> }) {
  const tag = `${label}${randomBytes(3).toString('hex')}`;
  const { categoryId, brandId, staff } = shared;
  const supplier = await createSupplierAccount(db, { categoryIds: [categoryId], brandIds: [brandId], username: `sup_${tag}`.toLowerCase() });
  const distributor = await createDistributorAccount(db, { balance: 10_000_000, username: `dis_${tag}`.toLowerCase(), callbackUrl: `https://mall-${tag}.example.com/cb`.toLowerCase() });
  await db.insert(distributorCategories).values({ distributorId: distributor.distributorId, categoryId });
  const asSupplier = callerAs(supplier.identity);
  const asDistributor = callerAs(distributor.identity);
  const asStaff = callerAs(staff.identity);

  // The supplier's products, one in each status it can be in.
  const form = (name: string, submit: boolean) => ({
    skuCode: `${tag}S-${name}`,
    title: `${tag}S ${name}`,
    categoryId,
    brandId,
    stock: 500,
    costPrice: 1000,
    supplierCostPrice: 700,
    submit,
  });
  const draft = await asSupplier.supplier.products.create(form('draft', false));
  const pending = await asSupplier.supplier.products.create(form('pending', true));
  const rejected = await asSupplier.supplier.products.create(form('rejected', true));
  await asStaff.admin.review.reject({ id: rejected.id, submittedAt: rejected.submittedAt!, reason: `${tag}S rejected` });
  const onSale = await asSupplier.supplier.products.create(form('onsale', true));
  await asStaff.admin.review.approve({ id: onSale.id, submittedAt: onSale.submittedAt!, supplyPrice: 2000 });
  const offShelf = await asSupplier.supplier.products.create(form('offshelf', true));
  await asStaff.admin.review.approve({ id: offShelf.id, submittedAt: offShelf.submittedAt!, supplyPrice: 2000 });
  await asSupplier.supplier.products.takeOffShelf({ id: offShelf.id });

  // A platform product offered to this side's distributor alone, from the start (a product
  // withdrawn from a mall is announced to it, with its content: it was the mall's to see).
  const exclusive = await createProduct(db, { categoryId, brandId, skuCode: `${tag}D-EXCL`, title: `${tag}D exclusive`, stock: 500, visibility: 'restricted' });
  await db.insert(productDistributorGrants).values({ productId: exclusive.id, distributorId: distributor.distributorId });

  // The distributor's orders of its supplier's product, in every state.
  const D = distributor.distributorId;
  const line = [{ productId: onSale.id, quantity: 1 }];
  const unpaid = await placeOrder(db, D, line, { paid: false });
  const paid = await placeOrder(db, D, line);
  const shipped = await placeOrder(db, D, line);
  await asSupplier.supplier.orders.ship({ orderNo: shipped.orderNo, carrier: '顺丰', trackingNo: `SF${tag}S1` });
  const completed = await placeOrder(db, D, line);
  await asSupplier.supplier.orders.ship({ orderNo: completed.orderNo, carrier: '圆通', trackingNo: `YT${tag}S2` });
  await confirmReceipt(mallCtx(db, D), { orderNo: completed.orderNo });
  const cancelled = await placeOrder(db, D, line, { paid: false });
  await cancelOrder(mallCtx(db, D), { orderNo: cancelled.orderNo });
  const exclusiveOrder = await placeOrder(db, D, [{ productId: exclusive.id, quantity: 1 }], { paid: false });
  const afterSales = await asDistributor.distributor.afterSales.open({ orderNo: shipped.orderNo, type: 'return', reason: `${tag}D return` });

  // A bill of the supplier, for earnings of an earlier month.
  await completedOrder(db, D, [{ product: await productRow(db, onSale.id), quantity: 2 }], new Date('2026-01-10T04:00:00Z'));
  const bill = await asStaff.admin.bills.generate({ supplierId: supplier.supplierId, periodStart: '2026-01-01', periodEnd: '2026-01-31' });

  // Top-up applications: one waiting, one approved.
  const pendingTopup = await asDistributor.distributor.balance.applyTopup({ amount: 12_345, paymentMethod: 'alipay', paymentReference: `${tag}D-PAY-1` });
  const approvedTopup = await asDistributor.distributor.balance.applyTopup({ amount: 23_456, paymentMethod: 'wechat', paymentReference: `${tag}D-PAY-2` });
  await asStaff.admin.wallet.approveTopup({ id: approvedTopup.id });

  const orderNos = [unpaid, paid, shipped, completed, cancelled, exclusiveOrder].map((o) => o.orderNo);
  const orderRows = await db.select({ id: orders.id, orderNo: orders.orderNo, mallOrderNo: orders.mallOrderNo }).from(orders).where(eq(orders.distributorId, D));
  const events = await db.select({ eventId: outboxEvents.eventId }).from(outboxEvents).where(eq(outboxEvents.distributorId, D));
  const userIds = (await db.select({ id: users.id }).from(users).where(inArray(users.id, [supplier.userId, distributor.userId]))).map((u) => u.id);

  const productIds = [draft.id, pending.id, rejected.id, onSale.id, offShelf.id];
  return {
    label,
    tag,
    supplier,
    distributor,
    exclusive,
    productIds,
    orderNos,
    /** What this side's supplier and distributor own, as the ids a procedure or endpoint may be asked for. */
    ids: {
      supplier: { numbers: [...productIds, bill.id], strings: [...orderNos, `${tag}S-onsale`, `${tag}S-draft`, bill.billNo] },
      distributor: {
        numbers: [exclusive.id, afterSales.id, pendingTopup.id, approvedTopup.id],
        strings: [...orderRows.flatMap((o) => [o.orderNo, o.mallOrderNo]), ...events.map((e) => e.eventId), `${tag}D-EXCL`],
      },
    },
    tenant: { supplierIds: [supplier.supplierId], distributorIds: [D], userIds, orderIds: orderRows.map((o) => o.id) } satisfies Tenant,
    /**
     * Text only this side's records carry, by portal: none of it may reach the other side's
     * supplier or distributor. (The supplier's products on sale are everyone's catalog: a
     * distributor sees them.)
     */
    markers: {
      supplier: [`${tag}S`, `${tag}D`, supplier.username, ...orderNos, bill.billNo],
      distributor: [`${tag}D`, distributor.code, distributor.appKey, distributor.username, ...orderNos, ...orderRows.map((o) => o.mallOrderNo), ...events.map((e) => e.eventId)],
    },
  };
}

async function productRow(db: Db, id: number) {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row;
}

/**
 * Gives each table's ids a range of their own (table n from n × 1,000,000), in the test
 * file's database: an id of one kind of record is then never also an id of another, so a
 * record that opens to an id is the one the matrix meant.
 */
export async function spreadIdSequences(db: Db = testDb()) {
  const sequences = (await db.execute(sql`
    select c.relname as name from pg_class c
    where c.relkind = 'S' and c.relnamespace = 'public'::regnamespace and c.relname like '%\_id\_seq' order by 1`)) as unknown as { name: string }[];
  for (const [i, { name }] of sequences.entries()) await db.execute(sql.raw(`select setval('"${name}"', ${(i + 1) * 1_000_000})`));
}

/** Staff, a category and a brand everyone shares, and the two sides. */
export async function twoTenants(db: Db = testDb()) {
  const staff = await createStaff(db);
  const category = await createCategory(db);
  const brand = await createBrand(db);
  const shared = { categoryId: category.id, brandId: brand.id, staff };
  const sharedProduct = await createProduct(db, { categoryId: category.id, brandId: brand.id, stock: 1_000_000, title: 'everyone’s product' });
  const A = await buildSide(db, 'A', shared);
  const B = await buildSide(db, 'B', shared);
  return {
    db,
    staff,
    A,
    B,
    /** Records of everyone's (the shared category and brand): asking for them is no attack. */
    sharedProduct,
    shared: { numbers: [category.id, brand.id, sharedProduct.id], strings: [sharedProduct.skuCode] },
    /**
     * Values for fields a schema leaves free but a verb reads, by field name: a CSV row's
     * carrier and tracking number, an order's lines (of the product everyone is offered).
     */
    samples: {
      carrier: '顺丰',
      trackingNo: 'SF1234567890',
      items: [{ productId: sharedProduct.id, quantity: 1 }],
      receiver: RECEIVER,
    } as Record<string, unknown>,
  };
}

export type TwoTenants = Awaited<ReturnType<typeof twoTenants>>;
