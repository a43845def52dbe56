import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenApiError } from '@/mall-client';
import { auditLog, ledgerEntries, orderItems, orders, outboxEvents, productLevelGrants, products, supplierEarnings, wallets } from '@/server/db/schema';
import { testDb } from '@tests/support/db';
import { createCategory, createProduct, createSupplierAccount } from '@tests/support/factories';
import { createMall, RECEIVER, type Mall } from '../open-api/support';

const db = () => testDb();

async function product(id: number) {
  const [row] = await db().select().from(products).where(eq(products.id, id));
  return row;
}

async function balanceOf(distributorId: number) {
  const [row] = await db().select().from(wallets).where(eq(wallets.distributorId, distributorId));
  return row.balance;
}

async function expectError(promise: Promise<unknown>, status: number, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenApiError);
  expect({ status: (error as OpenApiError).status, code: (error as OpenApiError).code }).toEqual({ status, code });
  return error as OpenApiError;
}

let seq = 0;
const mallNo = () => `M${Date.now()}${++seq}`;

describe('orders through the open API', () => {
  let mall: Mall;
  let categoryId: number;

  beforeAll(async () => {
    categoryId = (await createCategory(db())).id;
    mall = await createMall(db(), { feeBps: 500 });
  });

  it('creates an order: reserves the stock, snapshots the prices, answers 201', async () => {
    const p = await createProduct(db(), { categoryId, stock: 100, supplyPrice: 1000, costPrice: 500, minQuantity: 2, freight: 300 });
    const before = await product(p.id);
    const { order, created } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 2 }], receiver: RECEIVER, remark: '尽快发货' });
    expect(created).toBe(true);
    expect(order).toMatchObject({
      status: 'pending_payment',
      items: [{ productId: p.id, skuCode: p.skuCode, quantity: 2, unitPrice: 1050, amount: 2100 }],
      freight: 300,
      totalAmount: 2400,
      receiver: RECEIVER,
      paidAt: null,
    });
    expect(order.orderNo).toMatch(/^SO\d{8}\d{8,}$/);
    const after = await product(p.id);
    expect(after.stock).toBe(98);
    expect(after.version).toBeGreaterThan(before.version);
    const expiresIn = new Date(order.expiresAt).getTime() - new Date(order.createdAt).getTime();
    expect(expiresIn).toBeGreaterThan(29 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000 + 1000);
    const [item] = await db().select().from(orderItems).innerJoin(orders, eq(orders.id, orderItems.orderId)).where(eq(orders.orderNo, order.orderNo));
    expect(item.order_items).toMatchObject({ supplyPrice: 1000, feeBps: 500, unitPrice: 1050, costPrice: 500, freight: 300 });
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'order.create'), eq(auditLog.entityId, order.orderNo)));
    expect(audit[0]).toMatchObject({ actorKind: 'mall', actorDistributorId: mall.distributorId });
  });

  it('later price changes never touch an existing order', async () => {
    const p = await createProduct(db(), { categoryId, supplyPrice: 1000 });
    const { order } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    await db().update(products).set({ supplyPrice: 5000 }).where(eq(products.id, p.id));
    expect((await mall.client.order(order.orderNo)).items[0].unitPrice).toBe(1050);
  });

  it('names products by SKU code too', async () => {
    const p = await createProduct(db(), { categoryId });
    const { order } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ skuCode: p.skuCode, quantity: 3 }], receiver: RECEIVER });
    expect(order.items[0]).toMatchObject({ productId: p.id, quantity: 3 });
  });

  it('is idempotent on mallOrderNo: same body → 200 and the same order; different body → 409', async () => {
    const p = await createProduct(db(), { categoryId, stock: 10 });
    const request = { mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER };
    const first = await mall.client.createOrder(request);
    // The same request, its JSON keys in another order: still the same request.
    const again = await mall.client.request('POST', '/orders', { body: { receiver: RECEIVER, items: [{ quantity: 1, productId: p.id }], mallOrderNo: request.mallOrderNo } });
    expect(again.status).toBe(200);
    expect((again.json as { data: { orderNo: string } }).data.orderNo).toBe(first.order.orderNo);
    const conflict = await expectError(mall.client.createOrder({ ...request, items: [{ productId: p.id, quantity: 2 }] }), 409, 'IDEMPOTENCY_CONFLICT');
    expect(conflict.details.orderNo).toBe(first.order.orderNo);
    expect((await product(p.id)).stock).toBe(9);
    expect(await db().select().from(orders).where(eq(orders.mallOrderNo, request.mallOrderNo))).toHaveLength(1);
  });

  it('refuses a quantity below the minimum with BELOW_MIN_QUANTITY, reserving nothing', async () => {
    const p = await createProduct(db(), { categoryId, minQuantity: 5, stock: 50 });
    const e = await expectError(mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 4 }], receiver: RECEIVER }), 400, 'BELOW_MIN_QUANTITY');
    expect(e.details).toMatchObject({ productId: p.id, minQuantity: 5, quantity: 4, field: 'items[0].quantity' });
    expect((await product(p.id)).stock).toBe(50);
  });

  it('answers NOT_FOUND for products that do not exist or are not offered to this distributor', async () => {
    const restricted = await createProduct(db(), { categoryId, visibility: 'restricted' });
    await expectError(mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: restricted.id, quantity: 1 }], receiver: RECEIVER }), 404, 'NOT_FOUND');
    await expectError(mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: 999_999, quantity: 1 }], receiver: RECEIVER }), 404, 'NOT_FOUND');
    await expectError(mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ skuCode: 'NO-SUCH-SKU', quantity: 1 }], receiver: RECEIVER }), 404, 'NOT_FOUND');
    // Granted to its level: now it is offered.
    await db().insert(productLevelGrants).values({ productId: restricted.id, levelId: mall.levelId });
    const { created } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: restricted.id, quantity: 1 }], receiver: RECEIVER });
    expect(created).toBe(true);
  });

  it('answers PRODUCT_UNAVAILABLE for a withdrawn product', async () => {
    const p = await createProduct(db(), { categoryId, status: 'off_shelf' });
    await expectError(mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER }), 409, 'PRODUCT_UNAVAILABLE');
  });

  it('reserves all items or none: a short item fails the order, names it, and marks it sold out', async () => {
    const plenty = await createProduct(db(), { categoryId, stock: 100 });
    const scarce = await createProduct(db(), { categoryId, stock: 1 });
    const e = await expectError(
      mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: plenty.id, quantity: 5 }, { productId: scarce.id, quantity: 2 }], receiver: RECEIVER }),
      409,
      'OUT_OF_STOCK',
    );
    expect(e.details.products).toEqual([{ productId: scarce.id, skuCode: scarce.skuCode, requested: 2, available: 1 }]);
    expect((await product(plenty.id)).stock).toBe(100);
    expect(await product(scarce.id)).toMatchObject({ stock: 1, status: 'sold_out' });
    // Malls hear of it at once.
    const events = await db().select().from(outboxEvents).where(and(eq(outboxEvents.distributorId, mall.distributorId), eq(outboxEvents.type, 'product.status_changed')));
    expect(events.map((ev) => ev.data)).toContainEqual(expect.objectContaining({ productId: scarce.id, status: 'sold_out' }));
    // A sold-out product refuses orders until restocked.
    await expectError(mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: scarce.id, quantity: 1 }], receiver: RECEIVER }), 409, 'OUT_OF_STOCK');
  });

  it('refuses an order the balance cannot cover with INSUFFICIENT_BALANCE', async () => {
    const poor = await createMall(db(), { balance: 1000 });
    const p = await createProduct(db(), { categoryId, supplyPrice: 1000, stock: 10 });
    const e = await expectError(poor.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER }), 409, 'INSUFFICIENT_BALANCE');
    expect(e.details).toMatchObject({ balance: 1000, required: 1050 });
    expect((await product(p.id)).stock).toBe(10);
  });

  it('refuses invalid bodies with INVALID_REQUEST naming each field', async () => {
    const p = await createProduct(db(), { categoryId });
    const e = await expectError(
      mall.client.request('POST', '/orders', { body: { mallOrderNo: '', items: [{ productId: p.id, quantity: 0 }], receiver: { ...RECEIVER, phone: 'x' } } }),
      400,
      'INVALID_REQUEST',
    );
    expect(Object.keys(e.details.fields as object).sort()).toEqual(['items[0].quantity', 'mallOrderNo', 'receiver.phone']);
    await expectError(
      mall.client.request('POST', '/orders', { body: { mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }, { skuCode: p.skuCode, quantity: 1 }], receiver: RECEIVER } }),
      400,
      'INVALID_REQUEST',
    );
    await expectError(
      mall.client.request('POST', '/orders', { body: { mallOrderNo: mallNo(), items: [{ productId: p.id, skuCode: p.skuCode, quantity: 1 }], receiver: RECEIVER } }),
      400,
      'INVALID_REQUEST',
    );
  });

  it('pays: debits the total once with a ledger entry; repeating answers 200 and debits nothing', async () => {
    const p = await createProduct(db(), { categoryId, supplyPrice: 1000, freight: 200 });
    const { order } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 2 }], receiver: RECEIVER });
    const before = await balanceOf(mall.distributorId);
    const paid = await mall.client.pay(order.orderNo);
    expect(paid.status).toBe('paid');
    expect(paid.paidAt).not.toBeNull();
    expect(await balanceOf(mall.distributorId)).toBe(before - 2300);
    const again = await mall.client.pay(order.orderNo);
    expect(again.status).toBe('paid');
    expect(await balanceOf(mall.distributorId)).toBe(before - 2300);
    const entries = await db().select().from(ledgerEntries).where(eq(ledgerEntries.ref, `order:${order.orderNo}`));
    expect(entries).toEqual([expect.objectContaining({ kind: 'order_debit', amount: -2300, balanceAfter: before - 2300 })]);
  });

  it('refuses payment when the balance fell short since: 409 INSUFFICIENT_BALANCE, the order stays unpaid', async () => {
    const m = await createMall(db(), { balance: 2000 });
    const p = await createProduct(db(), { categoryId, supplyPrice: 1000 });
    const first = await m.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    const second = await m.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    await m.client.pay(first.order.orderNo);
    await expectError(m.client.pay(second.order.orderNo), 409, 'INSUFFICIENT_BALANCE');
    expect((await m.client.order(second.order.orderNo)).status).toBe('pending_payment');
    expect(await balanceOf(m.distributorId)).toBe(950);
  });

  it('cancels an unpaid order: stock back, a sold-out product back on sale, order.cancelled event', async () => {
    const p = await createProduct(db(), { categoryId, stock: 2 });
    const { order } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 2 }], receiver: RECEIVER });
    await expectError(mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER }), 409, 'OUT_OF_STOCK');
    expect(await product(p.id)).toMatchObject({ stock: 0, status: 'sold_out' });
    const cancelled = await mall.client.cancel(order.orderNo);
    expect(cancelled.status).toBe('cancelled');
    expect(await product(p.id)).toMatchObject({ stock: 2, status: 'on_sale' });
    expect((await mall.client.cancel(order.orderNo)).status).toBe('cancelled');
    expect((await product(p.id)).stock).toBe(2);
    const [event] = await db().select().from(outboxEvents).where(and(eq(outboxEvents.type, 'order.cancelled'), eq(outboxEvents.distributorId, mall.distributorId)));
    expect(event.data).toMatchObject({ orderNo: order.orderNo, status: 'cancelled' });
    await expectError(mall.client.pay(order.orderNo), 409, 'INVALID_STATE');
  });

  it('refunds a paid order before shipping: balance and stock back, once', async () => {
    const p = await createProduct(db(), { categoryId, stock: 10, supplyPrice: 1000 });
    const { order } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 3 }], receiver: RECEIVER });
    await expectError(mall.client.refund(order.orderNo, '买家取消'), 409, 'INVALID_STATE');
    await mall.client.pay(order.orderNo);
    const paidBalance = await balanceOf(mall.distributorId);
    const refunded = await mall.client.refund(order.orderNo, '买家取消');
    expect(refunded.status).toBe('refunded');
    expect(await balanceOf(mall.distributorId)).toBe(paidBalance + 3150);
    expect((await product(p.id)).stock).toBe(10);
    await mall.client.refund(order.orderNo, '买家取消');
    expect(await balanceOf(mall.distributorId)).toBe(paidBalance + 3150);
    expect((await product(p.id)).stock).toBe(10);
    await expectError(mall.client.cancel(order.orderNo), 409, 'INVALID_STATE');
    await expectError(mall.client.request('POST', `/orders/${order.orderNo}/refund`, { body: {} }), 400, 'INVALID_REQUEST');
  });

  it('confirms receipt of a shipped order only; refunds after shipping are refused', async () => {
    const p = await createProduct(db(), { categoryId });
    const { order } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    await expectError(mall.client.confirmReceipt(order.orderNo), 409, 'INVALID_STATE');
    await mall.client.pay(order.orderNo);
    await expectError(mall.client.confirmReceipt(order.orderNo), 409, 'INVALID_STATE');
    // Shipping belongs to issue 6; set the state the way it would.
    await db().update(orders).set({ status: 'shipped', shippedAt: new Date() }).where(eq(orders.orderNo, order.orderNo));
    await expectError(mall.client.refund(order.orderNo, 'late'), 409, 'INVALID_STATE');
    const completed = await mall.client.confirmReceipt(order.orderNo);
    expect(completed.status).toBe('completed');
    expect(completed.completedAt).not.toBeNull();
    expect((await mall.client.confirmReceipt(order.orderNo)).status).toBe('completed');
    const events = await db().select().from(outboxEvents).where(and(eq(outboxEvents.type, 'order.completed'), eq(outboxEvents.distributorId, mall.distributorId)));
    expect(events).toHaveLength(1);
  });

  it('completing an order earns the supplier of its items (settlement), once', async () => {
    const supplier = await createSupplierAccount(db());
    const p = await createProduct(db(), { categoryId, ownerSupplierId: supplier.supplierId, supplyPrice: 1000, costPrice: 800, freight: 100 });
    const { order } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 3 }], receiver: RECEIVER });
    await mall.client.pay(order.orderNo);
    await db().update(orders).set({ status: 'shipped', shippedAt: new Date() }).where(eq(orders.orderNo, order.orderNo));
    await mall.client.confirmReceipt(order.orderNo);
    await mall.client.confirmReceipt(order.orderNo);
    const earned = await db().select().from(supplierEarnings).where(eq(supplierEarnings.supplierId, supplier.supplierId));
    expect(earned).toEqual([expect.objectContaining({ amount: 2400, freight: 100 })]);
  });

  it('expires an order paid after its deadline: stock back, INVALID_STATE', async () => {
    const p = await createProduct(db(), { categoryId, stock: 5 });
    const { order } = await mall.client.createOrder({ mallOrderNo: mallNo(), items: [{ productId: p.id, quantity: 2 }], receiver: RECEIVER });
    await db().update(orders).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(orders.orderNo, order.orderNo));
    const before = await balanceOf(mall.distributorId);
    await expectError(mall.client.pay(order.orderNo), 409, 'INVALID_STATE');
    expect((await mall.client.order(order.orderNo)).status).toBe('expired');
    expect((await product(p.id)).stock).toBe(5);
    expect(await balanceOf(mall.distributorId)).toBe(before);
  });

  it('reads an order by orderNo and by mallOrderNo', async () => {
    const p = await createProduct(db(), { categoryId });
    const no = mallNo();
    const { order } = await mall.client.createOrder({ mallOrderNo: no, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    expect(await mall.client.order(order.orderNo)).toEqual(order);
    expect(await mall.client.orderByMallOrderNo(no)).toEqual(order);
    await expectError(mall.client.order('SO0000000000000000'), 404, 'NOT_FOUND');
    await expectError(mall.client.orderByMallOrderNo('nope'), 404, 'NOT_FOUND');
    await expectError(mall.client.request('GET', '/orders'), 400, 'INVALID_REQUEST');
  });

  it('tenant matrix: another distributor using this one’s order numbers gets 404 and changes nothing', async () => {
    const other = await createMall(db());
    const p = await createProduct(db(), { categoryId, stock: 10 });
    const no = mallNo();
    const { order } = await mall.client.createOrder({ mallOrderNo: no, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    const balances = [await balanceOf(mall.distributorId), await balanceOf(other.distributorId)];
    const attempts = [
      () => other.client.order(order.orderNo),
      () => other.client.orderByMallOrderNo(no),
      () => other.client.pay(order.orderNo),
      () => other.client.cancel(order.orderNo),
      () => other.client.refund(order.orderNo, 'x'),
      () => other.client.confirmReceipt(order.orderNo),
    ];
    for (const attempt of attempts) await expectError(attempt(), 404, 'NOT_FOUND');
    expect((await mall.client.order(order.orderNo)).status).toBe('pending_payment');
    expect([await balanceOf(mall.distributorId), await balanceOf(other.distributorId)]).toEqual(balances);
    expect((await product(p.id)).stock).toBe(9);
    // The same mall order number is the other distributor's own, separate key.
    const theirs = await other.client.createOrder({ mallOrderNo: no, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    expect(theirs.created).toBe(true);
    expect(theirs.order.orderNo).not.toBe(order.orderNo);
  });
});
