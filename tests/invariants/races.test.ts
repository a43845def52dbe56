import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { products } from '@/server/db/schema';
import { adjustStock } from '@/server/domain/catalog/stock';
import { supplierSetStock } from '@/server/domain/catalog/supplier-products';
import { DomainError } from '@/server/domain/errors';
import { checkInvariants } from '@/server/domain/invariants';
import { cancelOrder } from '@/server/domain/orders/cancel';
import { createOrder } from '@/server/domain/orders/create';
import { payOrder } from '@/server/domain/orders/pay';
import { refundOrder } from '@/server/domain/orders/refund';
import { racingDb, testDb } from '@tests/support/db';
import { createCategory, createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { RECEIVER } from '../open-api/support';

/**
 * The stock record under real concurrency: orders reserving and returning stock on
 * separate connections while staff adjust and a supplier sets the same products' stock.
 * Each hand edit records exactly the change it made (setStock reads the stock it replaces
 * under the row lock), so the stock equations of `npm run check` hold afterwards, and so
 * do the money rules.
 */
describe('the stock record while everything races', () => {
  let race: Db;
  beforeAll(() => {
    race = racingDb(40);
  });
  afterAll(async () => {
    await race.$client.end();
  });

  it('orders, cancels, refunds, staff adjustments and supplier stock settings at once leave every invariant true', async () => {
    const db = testDb();
    const category = await createCategory(db);
    const [staff, supplier, a, b] = await Promise.all([
      createStaff(db),
      createSupplierAccount(db),
      createDistributorAccount(db, { balance: 10_000_000 }),
      createDistributorAccount(db, { balance: 10_000_000 }),
    ]);
    const platform = await createProduct(db, { categoryId: category.id, stock: 60 });
    const own = await createProduct(db, { categoryId: category.id, stock: 40, ownerSupplierId: supplier.supplierId, costPrice: 700 });
    const mall = (i: number) => ({ db: race, actor: { kind: 'mall' as const, distributorId: i % 2 ? a.distributorId : b.distributorId } });

    // Each order takes 1–3 of one or both products, then is left, cancelled, or paid and refunded.
    const orderLife = async (i: number) => {
      const items = [
        ...(i % 3 !== 1 ? [{ productId: platform.id, quantity: 1 + (i % 3) }] : []),
        ...(i % 3 !== 0 ? [{ productId: own.id, quantity: 1 + (i % 2) }] : []),
      ];
      const { order } = await createOrder(mall(i), { mallOrderNo: `RACE-STOCK-${i}`, items, receiver: RECEIVER, remark: '' });
      if (i % 4 === 1) await cancelOrder(mall(i), { orderNo: order.orderNo });
      if (i % 4 === 2) {
        await payOrder(mall(i), { orderNo: order.orderNo });
        await refundOrder(mall(i), { orderNo: order.orderNo }, { reason: 'race' });
      }
      if (i % 4 === 3) await payOrder(mall(i), { orderNo: order.orderNo });
    };
    const staffCtx = { db: race, actor: staff.actor };
    const supplierCtx = { db: race, actor: supplier.actor };
    const results = await Promise.allSettled([
      ...Array.from({ length: 60 }, (_, i) => orderLife(i)),
      ...Array.from({ length: 12 }, (_, i) => adjustStock(staffCtx, { id: platform.id, delta: i % 3 === 0 ? -2 : 3, reason: `race ${i}` })),
      ...Array.from({ length: 12 }, (_, i) => supplierSetStock(supplierCtx, { id: own.id, stock: 5 + ((i * 7) % 20) })),
    ]);

    // Refusals are the business rules at work (stock short, taking more stock than there is); anything else is a bug.
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof DomainError ? r.reason.code : String(r.reason)));
    expect(codes.filter((c) => !['ok', 'OUT_OF_STOCK', 'INVALID_REQUEST', 'PRODUCT_UNAVAILABLE'].includes(c))).toEqual([]);
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThan(40);

    const report = await checkInvariants(db);
    expect(report.breaches).toEqual([]);
    for (const p of [platform, own]) {
      const [after] = await db.select({ stock: products.stock }).from(products).where(eq(products.id, p.id));
      expect(after.stock).toBeGreaterThanOrEqual(0);
    }
  });
});
