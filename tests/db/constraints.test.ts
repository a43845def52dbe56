import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ledgerEntries, orderItems, orders, products, users, wallets } from '@/server/db/schema';
import { testDb } from '@tests/support/db';
import { expectDbRefusal } from '@tests/support/pg-errors';
import { createDistributorAccount, createProduct, createSupplierAccount } from '@tests/support/factories';

/** The database itself refuses states the business forbids, whatever code runs against it. */
describe('database constraints', () => {
  it('refuses negative stock', async () => {
    const p = await createProduct(testDb(), { stock: 1 });
    await expectDbRefusal(testDb().update(products).set({ stock: -1 }).where(eq(products.id, p.id)), /products_stock_nonnegative/);
  });

  it('refuses a product on sale without a supply price, and a platform product with a supplier cost', async () => {
    await expectDbRefusal(createProduct(testDb(), { supplyPrice: null, status: 'on_sale' }), /products_sellable_has_supply_price/);
    await expectDbRefusal(createProduct(testDb(), { supplierCostPrice: 100 }), /products_platform_has_no_supplier_cost/);
  });

  it('refuses duplicate SKU codes', async () => {
    const p = await createProduct(testDb());
    await expectDbRefusal(createProduct(testDb(), { skuCode: p.skuCode }), /products_sku_code_unique/);
  });

  it('refuses to delete a product: one is withdrawn, and malls learn of that from its row', async () => {
    const p = await createProduct(testDb());
    await expectDbRefusal(testDb().delete(products).where(eq(products.id, p.id)), /never deleted/);
    await expectDbRefusal(testDb().execute(sql`truncate products cascade`), /never deleted/);
    const [still] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(still.id).toBe(p.id);
  });

  it('refuses a negative balance', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 100 });
    await expectDbRefusal(testDb().update(wallets).set({ balance: -1 }).where(eq(wallets.distributorId, d.distributorId)), /wallets_balance_nonnegative/);
  });

  it('keeps the ledger append-only and each (kind, ref) applied once', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 100 });
    const [entry] = await testDb().select().from(ledgerEntries).where(eq(ledgerEntries.distributorId, d.distributorId));
    await expectDbRefusal(testDb().update(ledgerEntries).set({ amount: 1_000_000 }).where(eq(ledgerEntries.id, entry.id)), /append-only/);
    await expectDbRefusal(testDb().delete(ledgerEntries).where(eq(ledgerEntries.id, entry.id)), /append-only/);
    await expectDbRefusal(testDb().execute(sql`truncate ledger_entries cascade`), /append-only/);
    await expectDbRefusal(
      testDb().insert(ledgerEntries).values({ distributorId: d.distributorId, kind: entry.kind, amount: 5, balanceAfter: 105, ref: entry.ref }), /ledger_entries_kind_ref_key/);
  });

  it('ties each login to exactly the tenant of its role', async () => {
    const s = await createSupplierAccount(testDb());
    await expectDbRefusal(testDb().update(users).set({ role: 'staff' }).where(eq(users.id, s.userId)), /users_role_tenant/);
    await expectDbRefusal(testDb().update(users).set({ role: 'distributor' }).where(eq(users.id, s.userId)), /users_role_tenant/);
  });

  it('keeps order lines and totals consistent', async () => {
    const d = await createDistributorAccount(testDb());
    const p = await createProduct(testDb());
    const receiver = { name: 'a', phone: '1', province: 'p', city: 'c', district: 'd', address: 'x' };
    await expectDbRefusal(
      testDb().insert(orders).values({
        orderNo: 'SO-T-1', distributorId: d.distributorId, mallOrderNo: 'M1', requestHash: 'h', goodsAmount: 100, freight: 0, totalAmount: 99,
        receiver, expiresAt: new Date(),
      }), /orders_amounts_nonnegative/);
    const [order] = await testDb()
      .insert(orders)
      .values({ orderNo: 'SO-T-2', distributorId: d.distributorId, mallOrderNo: 'M2', requestHash: 'h', goodsAmount: 2100, freight: 0, totalAmount: 2100, receiver, expiresAt: new Date() })
      .returning();
    await expectDbRefusal(
      testDb().insert(orders).values({ orderNo: 'SO-T-3', distributorId: d.distributorId, mallOrderNo: 'M2', requestHash: 'h', goodsAmount: 0, freight: 0, totalAmount: 0, receiver, expiresAt: new Date() }), /orders_distributor_mall_order_no_key/);
    await expectDbRefusal(
      testDb().insert(orderItems).values({
        orderId: order.id, productId: p.id, skuCode: p.skuCode, title: p.title, quantity: 2, supplyPrice: 1000, feeBps: 500, unitPrice: 1050, amount: 2000, costPrice: 500,
      }), /order_items_amount/);
  });
});
