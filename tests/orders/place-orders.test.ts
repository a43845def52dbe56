import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditLog, distributors, orderItems, orders, products } from '@/server/db/schema';
import { findPgError } from '@/server/domain/errors';
import { createOrder } from '@/server/domain/orders/create';
import { testDb } from '@tests/support/db';
import { outcomeCode, untilWaitingForLock, useRacingDb } from '@tests/support/races';
import { createDistributorAccount, createLevel, createProduct } from '@tests/support/factories';
import { RECEIVER } from '../open-api/support';

/**
 * `hub_place_orders` (drizzle/0013, written per group since 0016, a group whose every order is
 * placed decided as a whole since 0019) called with groups made by hand, so that what shares a
 * group is certain: each order decided alone in arrival order, a mall order number placed once
 * (by a committed order, an earlier order of the group, or a group of other products committing
 * meanwhile), and stock taken only for what was written.
 */
describe('hub_place_orders: a group decided order by order', () => {
  const race = useRacingDb(4);
  type Product = Awaited<ReturnType<typeof createProduct>>;
  type Outcome = { order_n: number; outcome: string; shortages: { productId: number; requested: number; available: number }[] | null };

  /** Orders as domain/orders/create.ts plans them, numbered in arrival order; ids from the orders' sequence. */
  async function group(distributor: { distributorId: number; levelId: number }, orders: { mallOrderNo: string; product: Product; quantity: number; supplyPrice?: number }[]) {
    const ids = await testDb().execute<{ id: string }>(sql`select nextval('orders_id_seq')::text as id from generate_series(1, ${orders.length})`);
    return orders.map((o, i) => {
      const supplyPrice = o.supplyPrice ?? o.product.supplyPrice!;
      const amount = supplyPrice * o.quantity;
      return {
        n: i + 1,
        id: Number(ids[i].id),
        order_no: `TSTGRP${ids[i].id}`,
        distributor_id: distributor.distributorId,
        level_id: distributor.levelId,
        mall_order_no: o.mallOrderNo,
        request_hash: `hash-${o.mallOrderNo}-${o.quantity}`,
        goods_amount: amount,
        freight: 0,
        total_amount: amount,
        receiver: RECEIVER,
        remark: '',
        fee_bps: 0,
        audit: { mallOrderNo: o.mallOrderNo },
        lines: [
          {
            product_id: o.product.id,
            owner_supplier_id: null,
            sku_code: o.product.skuCode,
            title: o.product.title,
            quantity: o.quantity,
            supply_price: supplyPrice,
            unit_price: supplyPrice,
            amount,
            freight: 0,
            cost_price: o.product.costPrice,
          },
        ],
      };
    });
  }

  const place = async (db: ReturnType<typeof testDb>, payload: unknown) =>
    (await db.execute<Outcome>(sql`select order_n, outcome, shortages from hub_place_orders(${JSON.stringify(payload)}::json, 1800) order by order_n`)).map((r) => ({ ...r }));

  async function placedOf(distributorId: number, mallOrderNo: string) {
    const rows = await testDb()
      .select({ id: orders.id, orderNo: orders.orderNo, levelId: orders.levelId, quantity: orderItems.quantity })
      .from(orders)
      .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
      .where(and(eq(orders.distributorId, distributorId), eq(orders.mallOrderNo, mallOrderNo)));
    return rows;
  }

  async function distributor() {
    const level = await createLevel(testDb());
    const d = await createDistributorAccount(testDb(), { levelId: level.id, balance: 10_000_000 });
    return { distributorId: d.distributorId, levelId: level.id };
  }

  it('a number refused for stock is placed by its next order in the group, a third is a duplicate, and a duplicate takes no stock', async () => {
    const d = await distributor();
    const p = await createProduct(testDb(), { stock: 5 });
    const outcomes = await place(
      testDb(),
      await group(d, [
        { mallOrderNo: 'G-X', product: p, quantity: 9 }, // does not fit: refused alone
        { mallOrderNo: 'G-X', product: p, quantity: 2 }, // the same number, fits: placed
        { mallOrderNo: 'G-X', product: p, quantity: 2 }, // placed just before in this group
        { mallOrderNo: 'G-Y', product: p, quantity: 3 }, // fits only because the duplicate took nothing
        { mallOrderNo: 'G-Z', product: p, quantity: 1 }, // nothing left
      ]),
    );
    expect(outcomes).toEqual([
      { order_n: 1, outcome: 'out_of_stock', shortages: [{ productId: p.id, requested: 9, available: 5 }] },
      { order_n: 2, outcome: 'placed', shortages: null },
      { order_n: 3, outcome: 'duplicate', shortages: null },
      { order_n: 4, outcome: 'placed', shortages: null },
      { order_n: 5, outcome: 'out_of_stock', shortages: [{ productId: p.id, requested: 1, available: 0 }] },
    ]);
    expect(await placedOf(d.distributorId, 'G-X')).toEqual([expect.objectContaining({ quantity: 2, levelId: d.levelId })]);
    expect(await placedOf(d.distributorId, 'G-Y')).toEqual([expect.objectContaining({ quantity: 3, levelId: d.levelId })]);
    expect(await placedOf(d.distributorId, 'G-Z')).toEqual([]);
    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(after).toMatchObject({ stock: 0, version: p.version + 1 });
    const placed = await testDb().select({ orderNo: orders.orderNo }).from(orders).where(eq(orders.distributorId, d.distributorId));
    const audits = await testDb()
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'order.create'), inArray(auditLog.entityId, placed.map((r) => r.orderNo))));
    expect(audits).toHaveLength(2);
  });

  it('a number committed before is a duplicate, and the stock it would have taken goes to the next order', async () => {
    const d = await distributor();
    const p = await createProduct(testDb(), { stock: 10 });
    expect(await place(testDb(), await group(d, [{ mallOrderNo: 'C-1', product: p, quantity: 4 }]))).toMatchObject([{ outcome: 'placed' }]);
    const outcomes = await place(
      testDb(),
      await group(d, [
        { mallOrderNo: 'C-1', product: p, quantity: 4 },
        { mallOrderNo: 'C-2', product: p, quantity: 6 },
      ]),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'placed']);
    const [after] = await testDb().select({ stock: products.stock }).from(products).where(eq(products.id, p.id));
    expect(after.stock).toBe(0);
    expect(await placedOf(d.distributorId, 'C-1')).toHaveLength(1);
  });

  it('an order planned on a listing that changed is refused alone, before its stock or number is looked at', async () => {
    const d = await distributor();
    const p = await createProduct(testDb(), { stock: 3, supplyPrice: 1000 });
    const outcomes = await place(
      testDb(),
      await group(d, [
        { mallOrderNo: 'L-1', product: p, quantity: 3, supplyPrice: 900 }, // priced before a change
        { mallOrderNo: 'L-2', product: p, quantity: 3 },
      ]),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['listing_changed', 'placed']);
    expect(await placedOf(d.distributorId, 'L-1')).toEqual([]);
  });

  it('a number written meanwhile by a group of another product: ours waits for it, then answers it as a duplicate and places the rest', async () => {
    const d = await distributor();
    const [p, q] = await Promise.all([createProduct(testDb(), { stock: 5 }), createProduct(testDb(), { stock: 5 })]);
    const ours = await group(d, [
      { mallOrderNo: 'M-SHARED', product: p, quantity: 5 },
      { mallOrderNo: 'M-OTHER', product: p, quantity: 1 },
    ]);
    let answer: Promise<Outcome[]> = Promise.resolve([]);
    // The other group (product q) has written M-SHARED and not committed yet when ours arrives:
    // ours waits on the number's unique index, then finds it taken, and decides order by order.
    await testDb().transaction(async (tx) => {
      await place(tx as never, await group(d, [{ mallOrderNo: 'M-SHARED', product: q, quantity: 1 }]));
      answer = place(race(), ours);
      answer.catch(() => {});
      await untilWaitingForLock('hub_place_orders', 'our group');
    });
    expect((await answer).map((o) => o.outcome)).toEqual(['duplicate', 'placed']);
    const [left] = await testDb().select({ stock: products.stock, version: products.version }).from(products).where(eq(products.id, p.id));
    expect(left).toEqual({ stock: 4, version: p.version + 1 });
    expect(await placedOf(d.distributorId, 'M-SHARED')).toEqual([expect.objectContaining({ quantity: 1 })]);
    expect(await placedOf(d.distributorId, 'M-OTHER')).toEqual([expect.objectContaining({ quantity: 1 })]);
  });

  it('a group that places every order writes them before it waits for the product’s lock, and holds that lock only to check, update and commit', async () => {
    const d = await distributor();
    const p = await createProduct(testDb(), { stock: 5 });
    const holder = await race().$client.reserve();
    try {
      await holder`begin`;
      // As groups lock products (NO KEY UPDATE: the lines' foreign keys can still be checked).
      await holder`select 1 from products where id = ${p.id} for no key update`;
      const answer = place(race(), await group(d, [
        { mallOrderNo: 'W-1', product: p, quantity: 2 },
        { mallOrderNo: 'W-2', product: p, quantity: 3 },
      ]));
      answer.catch(() => {});
      await untilWaitingForLock('hub_place_orders', 'the group');
      // Waiting for the product, it has written its orders, their lines and their audit rows.
      const written = await testDb().execute<{ relation: string }>(sql`
        select distinct l.relation::regclass::text as relation
        from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where a.query like '%hub_place_orders%' and a.wait_event_type = 'Lock' and l.mode = 'RowExclusiveLock'
          and l.relation::regclass::text in ('orders', 'order_items', 'audit_log')
        order by 1`);
      expect(written.map((r) => r.relation)).toEqual(['audit_log', 'order_items', 'orders']);
      await holder`commit`;
      expect((await answer).map((o) => o.outcome)).toEqual(['placed', 'placed']);
    } finally {
      holder.release();
    }
    const [after] = await testDb().select({ stock: products.stock, version: products.version }).from(products).where(eq(products.id, p.id));
    expect(after).toEqual({ stock: 0, version: p.version + 1 });
  });

  it('a number committed while the group is decided order by order: nothing of the group is written (HB002); sent again, it is a duplicate', async () => {
    const d = await distributor();
    const [p, q] = await Promise.all([createProduct(testDb(), { stock: 5 }), createProduct(testDb(), { stock: 5 })]);
    // H-DUP twice: the group is decided order by order (its first writes undone), under the product's lock.
    const ours = await group(d, [
      { mallOrderNo: 'H-SHARED', product: p, quantity: 1 },
      { mallOrderNo: 'H-DUP', product: p, quantity: 1 },
      { mallOrderNo: 'H-DUP', product: p, quantity: 1 },
    ]);
    const theirs = await group(d, [{ mallOrderNo: 'H-SHARED', product: q, quantity: 1 }]);
    const holder = await race().$client.reserve();
    const other = await race().$client.reserve();
    /** Until our group waits for the transaction `xid` (its row lock, or a number it wrote). */
    const untilWaitingFor = async (xid: string) => {
      for (let i = 0; ; i++) {
        const [{ n }] = await testDb().execute<{ n: number }>(
          sql`select count(*)::int as n from pg_locks where locktype = 'transactionid' and not granted and transactionid::text = ${xid}`,
        );
        if (n > 0) return;
        if (i > 600) throw new Error(`our group never waited for ${xid}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await holder`begin`;
      await holder`select 1 from products where id = ${p.id} for no key update`;
      const [{ xid: holding }] = await holder`select pg_current_xact_id()::text as xid`;
      const answer = place(race(), ours).then(
        () => null,
        (error: unknown) => error,
      );
      await untilWaitingFor(holding);
      // Meanwhile a group of product q (another server) places H-SHARED, not committed yet.
      await other`begin`;
      expect(await other.unsafe('select outcome from hub_place_orders($1::text::json, 1800)', [JSON.stringify(theirs)])).toEqual([{ outcome: 'placed' }]);
      const [{ xid: placing }] = await other`select pg_current_xact_id()::text as xid`;
      // Ours gets the product, does not see H-SHARED (not committed) and waits at its insert; then it commits.
      await holder`commit`;
      await untilWaitingFor(placing);
      await other`commit`;
      expect(findPgError(await answer)?.code).toBe('HB002');
    } finally {
      holder.release();
      other.release();
    }
    const [left] = await testDb().select({ stock: products.stock, version: products.version }).from(products).where(eq(products.id, p.id));
    expect(left).toEqual({ stock: 5, version: p.version });
    expect(await placedOf(d.distributorId, 'H-DUP')).toEqual([]);
    // Sent again (as domain/orders/create.ts does): the number is a duplicate.
    expect((await place(testDb(), ours)).map((o) => o.outcome)).toEqual(['duplicate', 'placed', 'duplicate']);
    expect(await placedOf(d.distributorId, 'H-SHARED')).toEqual([expect.objectContaining({ quantity: 1 })]);
  });

  it('through createOrder, a number placed meanwhile for another product answers IDEMPOTENCY_CONFLICT and takes no stock', async () => {
    const d = await distributor();
    const [p, q] = await Promise.all([createProduct(testDb(), { stock: 5 }), createProduct(testDb(), { stock: 5 })]);
    let answer: Promise<unknown> = Promise.resolve();
    await testDb().transaction(async (tx) => {
      await place(tx as never, await group(d, [{ mallOrderNo: 'CO-SHARED', product: q, quantity: 1 }]));
      answer = createOrder({ db: race(), actor: { kind: 'mall', distributorId: d.distributorId } }, { mallOrderNo: 'CO-SHARED', items: [{ productId: p.id, quantity: 2 }], receiver: RECEIVER, remark: '' });
      answer.catch(() => {});
      await untilWaitingForLock('hub_place_orders', 'the order');
    });
    const [settled] = await Promise.allSettled([answer]);
    expect(outcomeCode(settled)).toBe('IDEMPOTENCY_CONFLICT');
    const [left] = await testDb().select({ stock: products.stock }).from(products).where(eq(products.id, p.id));
    expect(left.stock).toBe(5);
  });

  it('any group gives each order what deciding it alone in arrival order gives, whether the group is placed whole or order by order', async () => {
    const d = await distributor();
    const q = await createProduct(testDb(), { stock: 1_000_000 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        // Orders of a few numbers (so that some repeat), some priced on a listing that changed since.
        fc.array(fc.record({ no: fc.integer({ min: 0, max: 4 }), quantity: fc.integer({ min: 1, max: 5 }), stale: fc.constantFrom(false, false, false, true) }), { minLength: 1, maxLength: 8 }),
        fc.subarray([0, 1, 2, 3, 4]),
        async (stock, asked, committedBefore) => {
          run++;
          const no = (n: number) => `P${run}-${n}`;
          const p = await createProduct(testDb(), { stock, supplyPrice: 1000 });
          if (committedBefore.length) await place(testDb(), await group(d, committedBefore.map((n) => ({ mallOrderNo: no(n), product: q, quantity: 1 }))));
          const outcomes = await place(testDb(), await group(d, asked.map((o) => ({ mallOrderNo: no(o.no), product: p, quantity: o.quantity, ...(o.stale ? { supplyPrice: 900 } : {}) }))));

          // Each order alone, in arrival order: a changed listing, then the stock left, then its number.
          let left = stock;
          const taken = new Set(committedBefore);
          const expected = asked.map((o, i) => {
            const outcome = (name: string, shortages: Outcome['shortages'] = null) => ({ order_n: i + 1, outcome: name, shortages });
            if (o.stale) return outcome('listing_changed');
            if (o.quantity > left) return outcome('out_of_stock', [{ productId: p.id, requested: o.quantity, available: left }]);
            if (taken.has(o.no)) return outcome('duplicate');
            taken.add(o.no);
            left -= o.quantity;
            return outcome('placed');
          });
          expect(outcomes).toEqual(expected);
          const [after] = await testDb().select({ stock: products.stock, version: products.version }).from(products).where(eq(products.id, p.id));
          expect(after).toEqual({ stock: left, version: p.version + (expected.some((e) => e.outcome === 'placed') ? 1 : 0) });
          // What was written is exactly the placed orders, each with its own quantity.
          const lines = await testDb()
            .select({ mallOrderNo: orders.mallOrderNo, quantity: orderItems.quantity })
            .from(orderItems)
            .innerJoin(orders, eq(orders.id, orderItems.orderId))
            .where(eq(orderItems.productId, p.id));
          const placed = asked.flatMap((o, i) => (expected[i].outcome === 'placed' ? [{ mallOrderNo: no(o.no), quantity: o.quantity }] : []));
          const byNumber = (a: { mallOrderNo: string }, b: { mallOrderNo: string }) => a.mallOrderNo.localeCompare(b.mallOrderNo);
          expect(lines.sort(byNumber)).toEqual(placed.sort(byNumber));
        },
      ),
      {
        numRuns: 40,
        // Certainly both ways: groups placed whole (one taking the stock exactly), and decided
        // order by order (one short by a single unit, one with a number placed before and twice).
        examples: [
          [10, [{ no: 0, quantity: 2, stale: false }, { no: 1, quantity: 3, stale: false }], []],
          [5, [{ no: 0, quantity: 2, stale: false }, { no: 1, quantity: 3, stale: false }], []],
          [5, [{ no: 0, quantity: 3, stale: false }, { no: 1, quantity: 3, stale: false }], []],
          [5, [{ no: 0, quantity: 9, stale: false }, { no: 0, quantity: 2, stale: false }, { no: 1, quantity: 1, stale: false }], [1]],
        ],
      },
    );
  });

  it('an order records the level its fee rate was read at: after the distributor moves level, the next order records the new one', async () => {
    const [junior, senior] = await Promise.all([createLevel(testDb(), { feeBps: 500 }), createLevel(testDb(), { feeBps: 200 })]);
    const d = await createDistributorAccount(testDb(), { levelId: junior.id, balance: 10_000_000 });
    const p = await createProduct(testDb(), { stock: 10, supplyPrice: 1000 });
    const ctx = { db: testDb(), actor: { kind: 'mall' as const, distributorId: d.distributorId } };
    await createOrder(ctx, { mallOrderNo: 'LV-1', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER, remark: '' });
    await testDb().update(distributors).set({ levelId: senior.id }).where(eq(distributors.id, d.distributorId));
    await createOrder(ctx, { mallOrderNo: 'LV-2', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER, remark: '' });
    const rows = await testDb()
      .select({ mallOrderNo: orders.mallOrderNo, levelId: orders.levelId, feeBps: orderItems.feeBps, unitPrice: orderItems.unitPrice })
      .from(orders)
      .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
      .where(eq(orders.distributorId, d.distributorId))
      .orderBy(asc(orders.id));
    expect(rows).toEqual([
      { mallOrderNo: 'LV-1', levelId: junior.id, feeBps: 500, unitPrice: 1050 },
      { mallOrderNo: 'LV-2', levelId: senior.id, feeBps: 200, unitPrice: 1020 },
    ]);
  });
});
