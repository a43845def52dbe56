import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import { orderItems, orders } from '@/server/db/schema';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const receiver = { name: '张三', phone: '1', province: 'p', city: 'c', district: 'd', address: 'a' };
const shanghaiDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);

async function order(db: Db, distributorId: number, product: { id: number; skuCode: string; title: string; ownerSupplierId: number | null; costPrice: number }, opts: { total: number; paidAt: Date | null; status?: 'paid' | 'refunded' | 'pending_payment'; sandbox?: boolean }) {
  const [o] = await db
    .insert(orders)
    .values({
      orderNo: `SO-${randomBytes(4).toString('hex')}`, distributorId, mallOrderNo: randomBytes(6).toString('hex'), requestHash: 'h',
      status: opts.status ?? 'paid', goodsAmount: opts.total, freight: 0, totalAmount: opts.total, receiver, expiresAt: new Date(), paidAt: opts.paidAt, sandbox: opts.sandbox ?? false,
    })
    .returning();
  await db.insert(orderItems).values({
    orderId: o.id, productId: product.id, ownerSupplierId: product.ownerSupplierId, skuCode: product.skuCode, title: product.title,
    quantity: 1, supplyPrice: opts.total, feeBps: 0, unitPrice: opts.total, amount: opts.total, costPrice: product.costPrice,
  });
}

describe('dashboard trends', () => {
  it('counts orders and paid amounts per China day, each role seeing only its own', async () => {
    const db = testDb();
    const staff = await createStaff(db);
    const a = await createDistributorAccount(db);
    const b = await createDistributorAccount(db);
    const supplier = await createSupplierAccount(db);
    const theirs = await createProduct(db, { ownerSupplierId: supplier.supplierId, costPrice: 700 });
    const platform = await createProduct(db);
    const now = new Date();
    await order(db, a.distributorId, theirs, { total: 1000, paidAt: now });
    await order(db, a.distributorId, platform, { total: 2500, paidAt: now });
    await order(db, a.distributorId, platform, { total: 9999, paidAt: null, status: 'pending_payment' });
    await order(db, a.distributorId, platform, { total: 5000, paidAt: now, status: 'refunded' });
    await order(db, b.distributorId, platform, { total: 400, paidAt: now });
    // Test-mode orders moved no live stock or money: no figure counts them, the supplier's neither.
    await order(db, a.distributorId, theirs, { total: 7777, paidAt: now, sandbox: true });
    await order(db, b.distributorId, platform, { total: 8888, paidAt: now, sandbox: true });

    const today = shanghaiDay(now);
    const staffTrends = await callerAs(staff.identity).admin.trends();
    expect(staffTrends.perDay).toHaveLength(14);
    expect(staffTrends.perDay.at(-1)).toEqual({ day: today, orders: 5, paidAmount: 3900 });
    expect(staffTrends.byDistributor.map((d) => [d.code, d.paidAmount])).toEqual([
      [a.code, 3500],
      [b.code, 400],
    ]);

    expect((await callerAs(a.identity).distributor.trends()).perDay.at(-1)).toEqual({ day: today, orders: 4, paidAmount: 3500 });
    expect((await callerAs(b.identity).distributor.trends()).perDay.at(-1)).toEqual({ day: today, orders: 1, paidAmount: 400 });
    // The supplier sees what its items earn (its supply price), not what malls paid.
    expect((await callerAs(supplier.identity).supplier.trends()).perDay.at(-1)).toEqual({ day: today, orders: 1, paidAmount: 700 });
  });
});
