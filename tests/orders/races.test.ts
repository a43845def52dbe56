import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ledgerEntries, orderItems, orders, products, wallets } from '@/server/db/schema';
import { setShelf } from '@/server/domain/catalog/shelf';
import { cancelOrder } from '@/server/domain/orders/cancel';
import { createOrder } from '@/server/domain/orders/create';
import { payOrder } from '@/server/domain/orders/pay';
import { testDb } from '@tests/support/db';
import { outcomeCode, useRacingDb } from '@tests/support/races';
import { createDistributorAccount, createProduct, createStaff } from '@tests/support/factories';
import { RECEIVER } from '../open-api/support';

/**
 * Races on separate connections: every call below runs in its own transaction on its own
 * connection, at the same time, and PostgreSQL decides who wins.
 */
describe('orders under real concurrency', () => {
  const race = useRacingDb(60);
  const mallCtx = (distributorId: number) => ({ db: race(), actor: { kind: 'mall' as const, distributorId } });

  it('200 concurrent orders of 2 on stock 100 from two distributors: exactly 50 served, stock 0, sold out', async () => {
    const [a, b] = await Promise.all([
      createDistributorAccount(testDb(), { balance: 10_000_000, feeBps: 800 }),
      createDistributorAccount(testDb(), { balance: 10_000_000, feeBps: 500 }),
    ]);
    const p = await createProduct(testDb(), { stock: 100, supplyPrice: 1000 });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        createOrder(mallCtx(i % 2 ? a.distributorId : b.distributorId), { mallOrderNo: `RACE-${i}`, items: [{ productId: p.id, quantity: 2 }], receiver: RECEIVER, remark: '' }),
      ),
    );
    const codes = results.map(outcomeCode);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(50);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'OUT_OF_STOCK')).toBe(true);

    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(after).toMatchObject({ stock: 0, status: 'sold_out' });
    const [reserved] = await testDb()
      .select({ quantity: sql<number>`coalesce(sum(${orderItems.quantity}), 0)::int`, orders: sql<number>`count(distinct ${orderItems.orderId})::int` })
      .from(orderItems)
      .where(eq(orderItems.productId, p.id));
    expect(reserved).toEqual({ quantity: 100, orders: 50 });
  });

  it('never deadlocks: orders naming the same products in opposite orders', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 10_000_000 });
    const [x, y] = await Promise.all([createProduct(testDb(), { stock: 1000 }), createProduct(testDb(), { stock: 1000 })]);
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        createOrder(mallCtx(d.distributorId), {
          mallOrderNo: `XY-${i}`,
          items: i % 2 ? [{ productId: x.id, quantity: 1 }, { productId: y.id, quantity: 1 }] : [{ productId: y.id, quantity: 1 }, { productId: x.id, quantity: 1 }],
          receiver: RECEIVER,
          remark: '',
        }),
      ),
    );
    expect(results.map(outcomeCode).every((c) => c === 'ok')).toBe(true);
    const rows = await testDb().select({ stock: products.stock }).from(products).where(sql`${products.id} in (${x.id}, ${y.id})`);
    expect(rows.map((r) => r.stock)).toEqual([940, 940]);
  });

  it('never deadlocks: staff locking products while a transaction writes rows referencing them in another order (as an order writes its lines, in the order the mall gave)', async () => {
    const staff = await createStaff(testDb());
    const [x, y] = (await Promise.all([createProduct(testDb(), { stock: 10 }), createProduct(testDb(), { stock: 10 })])).sort((a, b) => a.id - b.id);
    // The writer's rows reference y first, then x; staff lock x, then y (id order).
    const writer = await race().$client.reserve();
    try {
      await writer`begin`;
      await writer`insert into stock_movements (product_id, kind, delta) values (${y.id}, 'adjusted', 1)`;
      const shelf = setShelf({ db: race(), actor: staff.actor }, { ids: [x.id, y.id], onSale: false }).then(
        (r) => r,
        (e: unknown) => e,
      );
      // Wait until the staff action is done, or waits for a row lock (then it holds x).
      let done = false;
      void shelf.then(() => (done = true));
      for (;;) {
        if (done) break;
        const [{ waiting }] = await testDb().execute<{ waiting: number }>(
          sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (waiting > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // A row referencing x. Had staff locked the rows FOR UPDATE, the insert's FOR KEY SHARE
      // on x would wait for staff, and staff for the writer's on y: a deadlock.
      await writer`insert into stock_movements (product_id, kind, delta) values (${x.id}, 'adjusted', 1)`;
      await writer`rollback`;
      expect(await shelf).toMatchObject({ skipped: [] });
    } finally {
      writer.release();
    }
  });

  it('the same mallOrderNo sent 20 times at once makes one order, and all get it', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 10_000_000 });
    const p = await createProduct(testDb(), { stock: 100 });
    const input = { mallOrderNo: 'SAME-1', items: [{ productId: p.id, quantity: 3 }], receiver: RECEIVER, remark: '' };
    const results = await Promise.all(Array.from({ length: 20 }, () => createOrder(mallCtx(d.distributorId), input)));
    expect(new Set(results.map((r) => r.order.orderNo)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(after.stock).toBe(97);
  });

  it('pay against cancel on one order: exactly one wins, and stock and balance agree with it', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 10_000_000 });
    const p = await createProduct(testDb(), { stock: 1000, supplyPrice: 1000 });
    for (let round = 0; round < 15; round++) {
      const { order } = await createOrder(mallCtx(d.distributorId), { mallOrderNo: `PC-${round}`, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER, remark: '' });
      const [walletBefore] = await testDb().select().from(wallets).where(eq(wallets.distributorId, d.distributorId));
      const [stockBefore] = await testDb().select().from(products).where(eq(products.id, p.id));
      const [pay, cancel] = await Promise.allSettled([payOrder(mallCtx(d.distributorId), order), cancelOrder(mallCtx(d.distributorId), order)]);
      const outcome = [outcomeCode(pay), outcomeCode(cancel)];
      expect(outcome.filter((c) => c === 'ok')).toHaveLength(1);
      expect(outcome).toContain('INVALID_STATE');
      const [row] = await testDb().select().from(orders).where(eq(orders.orderNo, order.orderNo));
      const [walletAfter] = await testDb().select().from(wallets).where(eq(wallets.distributorId, d.distributorId));
      const [stockAfter] = await testDb().select().from(products).where(eq(products.id, p.id));
      if (pay.status === 'fulfilled') {
        expect(row.status).toBe('paid');
        expect(walletAfter.balance).toBe(walletBefore.balance - 1050);
        expect(stockAfter.stock).toBe(stockBefore.stock);
      } else {
        expect(row.status).toBe('cancelled');
        expect(walletAfter.balance).toBe(walletBefore.balance);
        expect(stockAfter.stock).toBe(stockBefore.stock + 1);
      }
    }
  });

  it('20 concurrent pays of one order debit it exactly once, and all answer with the paid order', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 100_000 });
    const p = await createProduct(testDb(), { stock: 10, supplyPrice: 1000 });
    const { order } = await createOrder(mallCtx(d.distributorId), { mallOrderNo: 'PAYx20', items: [{ productId: p.id, quantity: 2 }], receiver: RECEIVER, remark: '' });
    const results = await Promise.all(Array.from({ length: 20 }, () => payOrder(mallCtx(d.distributorId), order)));
    expect(results.every((o) => o.status === 'paid')).toBe(true);
    const entries = await testDb().select().from(ledgerEntries).where(eq(ledgerEntries.ref, `order:${order.orderNo}`));
    expect(entries).toHaveLength(1);
    const [wallet] = await testDb().select().from(wallets).where(eq(wallets.distributorId, d.distributorId));
    expect(wallet.balance).toBe(100_000 - 2100);
  });

  it('concurrent pays of different orders never overdraw: the balance covers exactly as many as it can', async () => {
    const d = await createDistributorAccount(testDb(), { balance: 5000 });
    const p = await createProduct(testDb(), { stock: 100, supplyPrice: 1000 });
    const created = [];
    for (let i = 0; i < 8; i++) {
      created.push((await createOrder(mallCtx(d.distributorId), { mallOrderNo: `OD-${i}`, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER, remark: '' })).order);
    }
    const results = await Promise.allSettled(created.map((o) => payOrder(mallCtx(d.distributorId), o)));
    const codes = results.map(outcomeCode);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(4); // 4 × 10.50 ≤ 50.00 < 5 × 10.50
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'INSUFFICIENT_BALANCE')).toBe(true);
    const [wallet] = await testDb().select().from(wallets).where(eq(wallets.distributorId, d.distributorId));
    expect(wallet.balance).toBe(5000 - 4 * 1050);
  });
});
