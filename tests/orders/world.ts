import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { orders, products, wallets } from '@/server/db/schema';
import { createOrder } from '@/server/domain/orders/create';
import { payOrder } from '@/server/domain/orders/pay';
import { testDb } from '@tests/support/db';
import { createCategory, createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';
import { RECEIVER } from '../open-api/support';

/**
 * The people and goods of the order tests: staff, two suppliers (A and B), two distributors
 * (D and E) each with a balance, one platform product and one product of each supplier.
 */
export async function orderWorld(db: Db = testDb()) {
  const category = await createCategory(db);
  const [staff, supplierA, supplierB, distributorD, distributorE] = await Promise.all([
    createStaff(db),
    createSupplierAccount(db),
    createSupplierAccount(db),
    createDistributorAccount(db, { balance: 1_000_000, feeBps: 500 }),
    createDistributorAccount(db, { balance: 1_000_000, feeBps: 500 }),
  ]);
  const [platformProduct, productA, productB] = await Promise.all([
    createProduct(db, { categoryId: category.id, stock: 1000, supplyPrice: 1000, costPrice: 500, title: '平台自营茶叶' }),
    createProduct(db, { categoryId: category.id, stock: 1000, supplyPrice: 2000, costPrice: 1600, ownerSupplierId: supplierA.supplierId, title: '供应商A 坚果' }),
    createProduct(db, { categoryId: category.id, stock: 1000, supplyPrice: 3000, costPrice: 2500, ownerSupplierId: supplierB.supplierId, title: '供应商B 蜂蜜' }),
  ]);
  return {
    db,
    category,
    staff,
    supplierA,
    supplierB,
    distributorD,
    distributorE,
    platformProduct,
    productA,
    productB,
    as: {
      staff: callerAs(staff.identity),
      supplierA: callerAs(supplierA.identity),
      supplierB: callerAs(supplierB.identity),
      distributorD: callerAs(distributorD.identity),
      distributorE: callerAs(distributorE.identity),
    },
  };
}

export type OrderWorld = Awaited<ReturnType<typeof orderWorld>>;

const mallCtx = (db: Db, distributorId: number) => ({ db, actor: { kind: 'mall' as const, distributorId } });

/** An order placed by a distributor's mall, paid unless `paid: false`. */
export async function placeOrder(db: Db, distributorId: number, items: { productId: number; quantity: number }[], opts: { paid?: boolean } = {}) {
  const { order } = await createOrder(mallCtx(db, distributorId), { mallOrderNo: `M-${randomBytes(5).toString('hex')}`, items, receiver: RECEIVER, remark: '' });
  if (opts.paid === false) return order;
  return payOrder(mallCtx(db, distributorId), { orderNo: order.orderNo });
}

export async function stockOf(db: Db, productId: number) {
  const [row] = await db.select({ stock: products.stock }).from(products).where(eq(products.id, productId));
  return row.stock;
}

export async function balanceOf(db: Db, distributorId: number) {
  const [row] = await db.select({ balance: wallets.balance }).from(wallets).where(eq(wallets.distributorId, distributorId));
  return row.balance;
}

export async function orderRow(db: Db, orderNo: string) {
  const [row] = await db.select().from(orders).where(eq(orders.orderNo, orderNo));
  return row;
}

export { mallCtx };
