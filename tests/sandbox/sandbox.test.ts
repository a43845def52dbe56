import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ledgerEntries, outboxEvents, products, sandboxStock, supplierEarnings, wallets } from '@/server/db/schema';
import { listSupplierOrders } from '@/server/domain/orders/list';
import { shipPackage } from '@/server/domain/orders/ship';
import { checkInvariants } from '@/server/domain/invariants';
import { setSandboxMode } from '@/server/domain/sandbox/mode';
import { testDb } from '@tests/support/db';
import { createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { csvSheets, exportBytes } from '@tests/support/exports';
import { callerAs } from '@tests/support/trpc';
import { createMall, RECEIVER } from '../open-api/support';

const db = () => testDb();
const liveStock = async (id: number) => (await db().select({ stock: products.stock }).from(products).where(eq(products.id, id)))[0].stock;
const copyStock = async (distributorId: number, productId: number) =>
  (await db().select({ stock: sandboxStock.stock }).from(sandboxStock).where(and(eq(sandboxStock.distributorId, distributorId), eq(sandboxStock.productId, productId))))[0]?.stock;
const liveBalance = async (distributorId: number) => (await db().select({ balance: wallets.balance }).from(wallets).where(eq(wallets.distributorId, distributorId)))[0].balance;

describe('test mode (sandbox)', () => {
  it('orders of a distributor in test mode reserve from its copy of the stock and pay from a test balance: nothing live moves', async () => {
    const staff = await createStaff(db());
    const mall = await createMall(db());
    const p = await createProduct(db(), { stock: 10, supplyPrice: 1000, minQuantity: 1 });
    const ledgerBefore = await db().select().from(ledgerEntries).where(eq(ledgerEntries.distributorId, mall.distributorId));
    // The hub has seen this mall live (its credentials are cached): the switch still bites at once.
    await mall.client.balance();
    await setSandboxMode(staff.ctx, { id: mall.distributorId, sandbox: true });
    expect(await mall.client.balance()).toEqual({ balance: 1_000_000, currency: 'CNY' });

    const { order, created } = await mall.client.createOrder({ mallOrderNo: 'SANDBOX-1', items: [{ productId: p.id, quantity: 4 }], receiver: RECEIVER });
    expect(created).toBe(true);
    expect(order).toMatchObject({ status: 'pending_payment', totalAmount: 4 * 1050 });
    expect(await liveStock(p.id)).toBe(10);
    expect(await copyStock(mall.distributorId, p.id)).toBe(6);
    // The same request again is the same order.
    expect((await mall.client.createOrder({ mallOrderNo: 'SANDBOX-1', items: [{ productId: p.id, quantity: 4 }], receiver: RECEIVER })).created).toBe(false);

    const paid = await mall.client.pay(order.orderNo);
    expect(paid.status).toBe('paid');
    expect(await mall.client.balance()).toEqual({ balance: 1_000_000 - 4200, currency: 'CNY' });
    expect(await liveBalance(mall.distributorId)).toBe(1_000_000);
    expect(await db().select().from(ledgerEntries).where(eq(ledgerEntries.distributorId, mall.distributorId))).toEqual(ledgerBefore);

    // Refund: the test balance and the copy come back.
    await mall.client.refund(order.orderNo, '测试退款');
    expect((await mall.client.balance()).balance).toBe(1_000_000);
    // The mall heard each move of the test balance as it would live: balance.changed with the test balance.
    const balanceEvents = await db()
      .select({ data: outboxEvents.data })
      .from(outboxEvents)
      .where(and(eq(outboxEvents.distributorId, mall.distributorId), eq(outboxEvents.type, 'balance.changed')))
      .orderBy(asc(outboxEvents.id));
    const ofOrder = balanceEvents.map((e) => e.data as { entry: { ref: string } }).filter((d) => d.entry.ref === `order:${order.orderNo}`);
    expect(ofOrder).toEqual([
      { balance: 1_000_000 - 4200, entry: { kind: 'order_debit', amount: -4200, balanceAfter: 1_000_000 - 4200, ref: `order:${order.orderNo}` } },
      { balance: 1_000_000, entry: { kind: 'refund_credit', amount: 4200, balanceAfter: 1_000_000, ref: `order:${order.orderNo}` } },
    ]);
    expect(await copyStock(mall.distributorId, p.id)).toBe(10);

    // The copy runs out on its own: OUT_OF_STOCK, while the live product still has its 10.
    const second = await mall.client.createOrder({ mallOrderNo: 'SANDBOX-2', items: [{ productId: p.id, quantity: 10 }], receiver: RECEIVER });
    await expect(mall.client.createOrder({ mallOrderNo: 'SANDBOX-3', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER })).rejects.toMatchObject({ code: 'OUT_OF_STOCK' });
    expect(await liveStock(p.id)).toBe(10);
    await mall.client.cancel(second.order.orderNo);
    expect(await copyStock(mall.distributorId, p.id)).toBe(10);

    // Back to live: the next order reserves live stock.
    await setSandboxMode(staff.ctx, { id: mall.distributorId, sandbox: false });
    await mall.client.createOrder({ mallOrderNo: 'LIVE-1', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    expect(await liveStock(p.id)).toBe(9);

    // npm run check: test orders hold no live stock and move no live money, and every invariant holds.
    const report = await checkInvariants(db());
    expect(report.breaches).toEqual([]);
  });

  it('never oversells the copy: concurrent test orders take exactly what it holds', async () => {
    const staff = await createStaff(db());
    const mall = await createMall(db());
    const p = await createProduct(db(), { stock: 5, supplyPrice: 100, minQuantity: 1 });
    await setSandboxMode(staff.ctx, { id: mall.distributorId, sandbox: true });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => mall.client.createOrder({ mallOrderNo: `RACE-${i}`, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(7).fill('OUT_OF_STOCK'));
    expect(await copyStock(mall.distributorId, p.id)).toBe(0);
    expect(await liveStock(p.id)).toBe(5);
  });

  it('suppliers never see test orders and nobody ships them; only staff switch the mode', async () => {
    const staff = await createStaff(db());
    const supplier = await createSupplierAccount(db());
    const mall = await createMall(db());
    const platform = await createProduct(db(), { stock: 5, supplyPrice: 100, minQuantity: 1 });
    const theirs = await createProduct(db(), { stock: 5, supplyPrice: 100, minQuantity: 1, ownerSupplierId: supplier.supplierId });
    await setSandboxMode(staff.ctx, { id: mall.distributorId, sandbox: true });
    const items = [{ productId: platform.id, quantity: 1 }, { productId: theirs.id, quantity: 1 }];
    const { order } = await mall.client.createOrder({ mallOrderNo: 'SUP-1', items, receiver: RECEIVER });
    await mall.client.pay(order.orderNo);
    const seen = await listSupplierOrders(supplier.ctx, { page: 1, pageSize: 50 });
    expect(seen.rows.map((r) => r.orderNo)).not.toContain(order.orderNo);
    const toShip = await callerAs(staff.identity).admin.orders.list({ page: 1, pageSize: 50, toShip: true });
    expect(toShip.rows.map((r) => r.orderNo)).not.toContain(order.orderNo);
    // Staff and the distributor see it, marked as a test order.
    const all = await callerAs(staff.identity).admin.orders.list({ page: 1, pageSize: 50, orderNo: order.orderNo });
    expect(all.rows.map((r) => [r.orderNo, r.sandbox])).toEqual([[order.orderNo, true]]);
    const own = await callerAs(mall.identity).distributor.orders.list({ page: 1, pageSize: 50, orderNo: order.orderNo });
    expect(own.rows.map((r) => [r.orderNo, r.sandbox])).toEqual([[order.orderNo, true]]);
    // …and in their exports, by its status.
    const [exported] = csvSheets((await exportBytes(mall.ctx, 'orders', { orderNo: order.orderNo })).bytes);
    expect(exported.slice(1).map((row) => row[exported[0].indexOf('订单状态')])).toEqual(['待发货 (测试)', '待发货 (测试)']);
    await expect(shipPackage(staff.ctx, { orderNo: order.orderNo, carrier: 'other', otherCarrier: '测试', trackingNo: 'SF1' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(callerAs(mall.identity).admin.distributors.setSandbox({ id: mall.distributorId, sandbox: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await callerAs(staff.identity).admin.distributors.setSandbox({ id: mall.distributorId, sandbox: false })).toEqual({ id: mall.distributorId, sandbox: false });
  });

  it('the distributor ships its paid test order as a simulation: a parcel per owner, order.shipped for each, and completing it earns no supplier anything', async () => {
    const staff = await createStaff(db());
    const supplier = await createSupplierAccount(db());
    const mall = await createMall(db());
    const other = await createMall(db());
    const platform = await createProduct(db(), { stock: 5, supplyPrice: 100, minQuantity: 1 });
    const theirs = await createProduct(db(), { stock: 5, supplyPrice: 200, minQuantity: 1, ownerSupplierId: supplier.supplierId });
    const portal = callerAs(mall.identity).distributor.orders;

    // A live order is shipped by its owners, never by the distributor.
    const live = await mall.client.createOrder({ mallOrderNo: 'LIVE-SIM', items: [{ productId: platform.id, quantity: 1 }], receiver: RECEIVER });
    await mall.client.pay(live.order.orderNo);
    await expect(portal.simulateShipment({ orderNo: live.order.orderNo })).rejects.toMatchObject({ code: 'CONFLICT' });

    await setSandboxMode(staff.ctx, { id: mall.distributorId, sandbox: true });
    const items = [{ productId: theirs.id, quantity: 2 }, { productId: platform.id, quantity: 1 }];
    const { order } = await mall.client.createOrder({ mallOrderNo: 'SIM-1', items, receiver: RECEIVER });
    // Unpaid: nothing ships yet (INVALID_STATE, which the portals' tRPC answers as CONFLICT).
    await expect(portal.simulateShipment({ orderNo: order.orderNo })).rejects.toMatchObject({ code: 'CONFLICT' });
    await mall.client.pay(order.orderNo);
    // Another distributor cannot find it.
    await expect(callerAs(other.identity).distributor.orders.simulateShipment({ orderNo: order.orderNo })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const shipped = await portal.simulateShipment({ orderNo: order.orderNo });
    expect(shipped.status).toBe('shipped');
    expect(shipped.packages.map((p) => [p.carrier, p.trackingNo])).toEqual([
      ['测试快递', `TEST${order.orderNo}1`],
      ['测试快递', `TEST${order.orderNo}2`],
    ]);
    // The mall hears each parcel as it would live: order.shipped per package, the last with the order shipped.
    const events = await db()
      .select({ data: outboxEvents.data })
      .from(outboxEvents)
      .where(sql`${outboxEvents.type} = 'order.shipped' AND ${outboxEvents.data}->>'orderNo' = ${order.orderNo}`)
      .orderBy(asc(outboxEvents.id));
    expect(events.map((e) => [(e.data as { status: string }).status, (e.data as { packages: unknown[] }).packages.length])).toEqual([
      ['paid', 1],
      ['shipped', 2],
    ]);
    // Twice is refused (it is shipped), and the mall reads it shipped.
    await expect(portal.simulateShipment({ orderNo: order.orderNo })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await mall.client.order(order.orderNo)).status).toBe('shipped');
    // The supplier still never sees it, and no after-sales case can be opened on it.
    expect((await listSupplierOrders(supplier.ctx, { page: 1, pageSize: 50 })).rows.map((r) => r.orderNo)).not.toContain(order.orderNo);
    await expect(callerAs(mall.identity).distributor.afterSales.open({ orderNo: order.orderNo, type: 'refund', reason: '测试' })).rejects.toMatchObject({ code: 'CONFLICT' });

    // The mall confirms receipt: order.completed, and the supplier earns nothing from a test order.
    const completed = await mall.client.confirmReceipt(order.orderNo);
    expect(completed.status).toBe('completed');
    expect(await db().select().from(outboxEvents).where(sql`${outboxEvents.type} = 'order.completed' AND ${outboxEvents.data}->>'orderNo' = ${order.orderNo}`)).toHaveLength(1);
    expect(await db().select().from(supplierEarnings).where(eq(supplierEarnings.supplierId, supplier.supplierId))).toEqual([]);
    expect(await liveStock(theirs.id)).toBe(5);
    expect((await checkInvariants(db())).breaches).toEqual([]);
  });
});
