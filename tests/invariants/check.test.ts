import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '@/server/db/client';
import { seedDemoData } from '@/server/db/seed';
import { adjustStock } from '@/server/domain/catalog/stock';
import { supplierSetStock } from '@/server/domain/catalog/supplier-products';
import { checkInvariants, findBreaches, INVARIANT_RULES, type Breach, type RecordRef } from '@/server/domain/invariants';
import { cancelOrder } from '@/server/domain/orders/cancel';
import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { refundOrder } from '@/server/domain/orders/refund';
import { shipPackage } from '@/server/domain/orders/ship';
import { expireDueOrders } from '@/server/domain/orders/sweeps';
import { generateBill } from '@/server/domain/settlement/bills';
import { postLedgerEntry } from '@/server/domain/wallet/ledger';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createProduct } from '@tests/support/factories';
import enFinance from '../../messages/en/finance.json';
import zhFinance from '../../messages/zh-CN/finance.json';
import { mallCtx, orderRow, orderWorld, placeOrder, type OrderWorld } from '../orders/world';

/**
 * `npm run check` (domain/invariants): a database the hub's own verbs made passes; each
 * rule, broken on purpose by hand-written SQL, is reported with the records involved, and
 * nothing else is. The breaking happens inside a transaction that the rules read and that
 * is then rolled back, so every test starts from the same clean database.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const db = testDb();

type Orders = Record<'pending' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'expired' | 'refunded', { id: number; orderNo: string; totalAmount: number }>;
let w: OrderWorld;
let o: Orders;
let spare: Awaited<ReturnType<typeof createDistributorAccount>>;

/** The hub at work through its verbs: an order in every state, stock edits, earnings and a bill. */
beforeAll(async () => {
  await seedDemoData(db, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'check-seed-')), log: () => {} });
  w = await orderWorld(db);
  spare = await createDistributorAccount(db, { balance: 50_000 });
  const d = w.distributorD.distributorId;
  const staff = { db, actor: w.staff.actor };
  const row = async (orderNo: string) => {
    const r = await orderRow(db, orderNo);
    return { id: r.id, orderNo: r.orderNo, totalAmount: r.totalAmount };
  };

  const pending = await placeOrder(db, d, [{ productId: w.platformProduct.id, quantity: 2 }], { paid: false });
  const paid = await placeOrder(db, d, [{ productId: w.platformProduct.id, quantity: 1 }, { productId: w.productA.id, quantity: 2 }]);
  const shipped = await placeOrder(db, d, [{ productId: w.platformProduct.id, quantity: 3 }]);
  await shipPackage(staff, { orderNo: shipped.orderNo, carrier: '顺丰', trackingNo: 'SF0001' });
  const completed = await placeOrder(db, d, [{ productId: w.platformProduct.id, quantity: 1 }, { productId: w.productA.id, quantity: 4 }]);
  await shipPackage(staff, { orderNo: completed.orderNo, carrier: '中通', trackingNo: 'ZT0001' });
  await shipPackage({ db, actor: w.supplierA.actor }, { orderNo: completed.orderNo, carrier: '圆通', trackingNo: 'YT0001' });
  await confirmReceipt(mallCtx(db, d), { orderNo: completed.orderNo });
  const cancelled = await placeOrder(db, d, [{ productId: w.platformProduct.id, quantity: 3 }, { productId: w.productB.id, quantity: 1 }], { paid: false });
  await cancelOrder(mallCtx(db, d), { orderNo: cancelled.orderNo });
  const expired = await placeOrder(db, d, [{ productId: w.productB.id, quantity: 2 }], { paid: false });
  await db.execute(sql`UPDATE orders SET expires_at = now() - interval '1 minute' WHERE order_no = ${expired.orderNo}`);
  expect(await expireDueOrders({ db, actor: { kind: 'system' } })).toBe(1);
  const refunded = await placeOrder(db, d, [{ productId: w.productA.id, quantity: 1 }]);
  await refundOrder(staff, { orderNo: refunded.orderNo }, { reason: '缺货' });

  await adjustStock(staff, { id: w.platformProduct.id, delta: 5, reason: '盘点' });
  await adjustStock(staff, { id: w.platformProduct.id, delta: -2, reason: '破损' });
  await supplierSetStock(w.supplierB.ctx, { id: w.productB.id, stock: 700 });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await generateBill(staff, { supplierId: w.supplierA.supplierId, periodStart: today, periodEnd: today });

  o = {
    pending: await row(pending.orderNo),
    paid: await row(paid.orderNo),
    shipped: await row(shipped.orderNo),
    completed: await row(completed.orderNo),
    cancelled: await row(cancelled.orderNo),
    expired: await row(expired.orderNo),
    refunded: await row(refunded.orderNo),
  };
  expect((await orderRow(db, o.completed.orderNo)).status).toBe('completed');
  expect((await orderRow(db, o.expired.orderNo)).status).toBe('expired');
});

class RollBack extends Error {}

/** Every breach the tests below provoke: the reconciliation page must name each of their figures. */
const seen: Breach[] = [];

/** Breaks the database inside a transaction, returns what the rules find there, and rolls it all back. */
async function breachesAfter(breakIt: (tx: Tx) => Promise<unknown>): Promise<Breach[]> {
  let found: Breach[] = [];
  await db
    .transaction(async (tx) => {
      await breakIt(tx);
      found = await findBreaches(tx);
      seen.push(...found);
      throw new RollBack();
    })
    .catch((e: unknown) => {
      if (!(e instanceof RollBack)) throw e;
    });
  return found;
}

/** The breaches as rule + records (ids and kinds), the part a test can state exactly. */
const shape = (breaches: Breach[]) => breaches.map((b) => ({ rule: b.rule, records: b.records.map(({ kind, id }) => ({ kind, id })) }));
const ref = (kind: RecordRef['kind'], id: number) => ({ kind, id });
const rulesOf = (breaches: Breach[]) => [...new Set(breaches.map((b) => b.rule))];

async function scalar<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = (await tx.execute(query)) as unknown as Record<string, T>[];
  return Object.values(row)[0];
}

let events = 0;
/**
 * A posting written by hand that keeps the wallet, the chain and the outbox in step (what
 * postLedgerEntry would write, without its checks): the one rule a test aims at is the
 * only one it breaks.
 */
async function consistentPosting(tx: Tx, distributorId: number, kind: string, amount: number, ledgerRef: string): Promise<number> {
  const id = await scalar<string>(
    tx,
    sql`WITH w AS (UPDATE wallets SET balance = balance + ${amount} WHERE distributor_id = ${distributorId} RETURNING balance)
        INSERT INTO ledger_entries (distributor_id, kind, amount, balance_after, ref)
        SELECT ${distributorId}, ${kind}::ledger_kind, ${amount}, balance, ${ledgerRef} FROM w RETURNING id`,
  );
  await tx.execute(sql`INSERT INTO outbox_events (event_id, distributor_id, type, data)
    VALUES (${`evt_test_${++events}`}, ${distributorId}, 'balance.changed', ${JSON.stringify({ entry: { kind, ref: ledgerRef } })}::jsonb)`);
  return Number(id);
}

describe('npm run check: a clean database', () => {
  it('passes the seed and an order in every state, made by the verbs', async () => {
    const report = await checkInvariants(db);
    expect(report.breaches).toEqual([]);
    expect(report.rules).toHaveLength(14);
    expect(report.checkedAt).toBeInstanceOf(Date);
  });
});

describe('npm run check: each rule, broken on purpose, is reported with its records', () => {
  it('stock.nonnegative: a product below zero', async () => {
    const p = await createProduct(db, { stock: 0 });
    const found = await breachesAfter(async (tx) => {
      await tx.execute(sql`ALTER TABLE products DROP CONSTRAINT products_stock_nonnegative`);
      await tx.execute(sql`UPDATE products SET stock = -1 WHERE id = ${p.id}`);
      // Recorded, so that only the sign is wrong.
      await tx.execute(sql`INSERT INTO stock_movements (product_id, kind, delta) VALUES (${p.id}, 'adjusted', -1)`);
    });
    expect(shape(found)).toEqual([{ rule: 'stock.nonnegative', records: [ref('product', p.id)] }]);
    expect(found[0].values).toEqual({ stock: -1 });
  });

  it('stock.balance: stock changed without its record', async () => {
    const found = await breachesAfter((tx) => tx.execute(sql`UPDATE products SET stock = stock + 5 WHERE id = ${w.platformProduct.id}`));
    expect(shape(found)).toEqual([{ rule: 'stock.balance', records: [ref('product', w.platformProduct.id)] }]);
    // Held by live orders: pending 2 + paid 1 + shipped 3 + completed 1.
    expect(found[0].values).toMatchObject({ held: 7, difference: 5 });
    expect(found[0].message).toContain(w.platformProduct.skuCode);
  });

  it('stock.returned_once: a cancelled order whose stock came back without its return record', async () => {
    const found = await breachesAfter(async (tx) => {
      // What a cancel that forgot only the stock record would leave: status, stock and event all there.
      await tx.execute(sql`UPDATE orders SET status = 'cancelled', cancelled_at = now() WHERE id = ${o.pending.id}`);
      await tx.execute(sql`UPDATE products SET stock = stock + 2 WHERE id = ${w.platformProduct.id}`);
      await tx.execute(sql`INSERT INTO outbox_events (event_id, distributor_id, type, data)
        VALUES ('evt_test_cancel', ${w.distributorD.distributorId}, 'order.cancelled', ${JSON.stringify({ orderNo: o.pending.orderNo })}::jsonb)`);
    });
    expect(shape(found)).toEqual([{ rule: 'stock.returned_once', records: [ref('order', o.pending.id), ref('product', w.platformProduct.id)] }]);
    expect(found[0].values).toEqual({ status: 'cancelled', quantity: 2, returned: 0, returns: 0 });
  });

  it('stock.returned_once: a return recorded for a live order, and a second return of a cancelled one', async () => {
    let movementIds: number[] = [];
    const found = await breachesAfter(async (tx) => {
      const live = await scalar<string>(tx, sql`INSERT INTO stock_movements (product_id, kind, delta, order_id) VALUES (${w.productA.id}, 'returned', 2, ${o.paid.id}) RETURNING id`);
      await tx.execute(sql`DROP INDEX stock_movements_return_key`);
      const first = await scalar<string>(tx, sql`SELECT id FROM stock_movements WHERE kind = 'returned' AND order_id = ${o.cancelled.id} AND product_id = ${w.productB.id}`);
      const twice = await scalar<string>(tx, sql`INSERT INTO stock_movements (product_id, kind, delta, order_id) VALUES (${w.productB.id}, 'returned', 1, ${o.cancelled.id}) RETURNING id`);
      // The second return really put the stock back twice, and its movement is the only record of it.
      await tx.execute(sql`UPDATE products SET stock = stock + 1 WHERE id = ${w.productB.id}`);
      movementIds = [Number(live), Number(first), Number(twice)];
    });
    expect(shape(found)).toEqual([
      { rule: 'stock.balance', records: [ref('product', w.productB.id)] },
      { rule: 'stock.returned_once', records: [ref('order', o.paid.id), ref('product', w.productA.id), ref('stock_movement', movementIds[0])] },
      { rule: 'stock.returned_once', records: [ref('order', o.cancelled.id), ref('product', w.productB.id), ref('stock_movement', movementIds[1]), ref('stock_movement', movementIds[2])] },
    ]);
    expect(found[2].values).toEqual({ status: 'cancelled', quantity: 1, returned: 2, returns: 2 });
  });

  it('topup.credited_once: an approval without its credit, a pending application credited, a credit naming no application', async () => {
    let approved = 0;
    let pending = 0;
    let pendingEntry = 0;
    let ghostEntry = 0;
    const found = await breachesAfter(async (tx) => {
      approved = Number(await scalar<string>(tx, sql`INSERT INTO topup_requests (distributor_id, amount, payment_method, status) VALUES (${spare.distributorId}, 12300, 'bank_transfer', 'approved') RETURNING id`));
      pending = Number(await scalar<string>(tx, sql`INSERT INTO topup_requests (distributor_id, amount, payment_method) VALUES (${spare.distributorId}, 4500, 'alipay') RETURNING id`));
      // Credits that keep the wallet, the chain and the outbox in step: only the approvals are wrong.
      pendingEntry = await consistentPosting(tx, spare.distributorId, 'topup', 4_500, `topup:${pending}`);
      ghostEntry = await consistentPosting(tx, spare.distributorId, 'topup', 100, 'topup:99999999');
    });
    expect(shape(found)).toEqual([
      { rule: 'topup.credited_once', records: [ref('topup_request', approved), ref('distributor', spare.distributorId)] },
      { rule: 'topup.credited_once', records: [ref('topup_request', pending), ref('distributor', spare.distributorId), ref('ledger_entry', pendingEntry)] },
      { rule: 'topup.credited_once', records: [ref('ledger_entry', ghostEntry)] },
    ]);
    expect(found[0].values).toMatchObject({ status: 'approved', amount: 12_300, credits: 0 });
    expect(found[1].message).toContain('is pending');
  });

  it('wallet.nonnegative: a balance and a ledger entry below zero', async () => {
    let entryId = 0;
    const found = await breachesAfter(async (tx) => {
      await tx.execute(sql`ALTER TABLE wallets DROP CONSTRAINT wallets_balance_nonnegative`);
      await tx.execute(sql`ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_balance_after_nonnegative`);
      // A consistent overdraft: entry, balance and event all agree; only the sign is wrong.
      entryId = await consistentPosting(tx, spare.distributorId, 'adjustment', -50_001, 'adjust:overdraft');
    });
    expect(shape(found)).toEqual([
      { rule: 'wallet.nonnegative', records: [ref('distributor', spare.distributorId)] },
      { rule: 'wallet.nonnegative', records: [ref('distributor', spare.distributorId), ref('ledger_entry', entryId)] },
    ]);
  });

  it('wallet.sum: a balance changed without a ledger entry', async () => {
    const found = await breachesAfter((tx) => tx.execute(sql`UPDATE wallets SET balance = balance + 1 WHERE distributor_id = ${spare.distributorId}`));
    expect(shape(found)).toEqual([{ rule: 'wallet.sum', records: [ref('distributor', spare.distributorId)] }]);
    expect(found[0].values).toEqual({ balance: 50_001, ledgerSum: 50_000, lastBalanceAfter: 50_000, entries: 1 });
    expect(found[0].message).toBe(`${spare.code} (distributor ${spare.distributorId}): balance 500.01, but its 1 ledger entry sums to 500.00, last balance_after 500.00`);
  });

  it('wallet.chain: entries whose balance_after does not follow, though they sum to the balance', async () => {
    const entries: number[] = [];
    const found = await breachesAfter(async (tx) => {
      // +50 claiming 200 (should be 150), then −50 claiming 100 (should be 150): the sum and the last entry still agree with the wallet.
      for (const [amount, after, key] of [[5_000, 60_000, 'a'], [-5_000, 50_000, 'b']] as const) {
        entries.push(Number(await scalar<string>(tx, sql`INSERT INTO ledger_entries (distributor_id, kind, amount, balance_after, ref)
          VALUES (${spare.distributorId}, 'adjustment', ${amount}, ${after}, ${`adjust:chain-${key}`}) RETURNING id`)));
        await tx.execute(sql`INSERT INTO outbox_events (event_id, distributor_id, type, data)
          VALUES (${`evt_test_chain_${key}`}, ${spare.distributorId}, 'balance.changed', ${JSON.stringify({ entry: { kind: 'adjustment', ref: `adjust:chain-${key}` } })}::jsonb)`);
      }
    });
    expect(shape(found)).toEqual(entries.map((id) => ({ rule: 'wallet.chain', records: [ref('distributor', spare.distributorId), ref('ledger_entry', id)] })));
    expect(found.map((b) => b.values)).toEqual([
      { balanceAfter: 60_000, expected: 55_000 },
      { balanceAfter: 50_000, expected: 55_000 },
    ]);
  });

  it('order.mall_order_no_unique: two orders under one mall order number', async () => {
    let copy = 0;
    const found = await breachesAfter(async (tx) => {
      await tx.execute(sql`ALTER TABLE orders DROP CONSTRAINT orders_distributor_mall_order_no_key`);
      copy = Number(await scalar<string>(tx, sql`INSERT INTO orders (order_no, distributor_id, mall_order_no, request_hash, goods_amount, total_amount, receiver, expires_at)
        SELECT order_no || '-2', distributor_id, mall_order_no, request_hash, goods_amount, total_amount, receiver, expires_at FROM orders WHERE id = ${o.pending.id}
        RETURNING id`));
    });
    expect(shape(found)).toEqual([
      { rule: 'order.mall_order_no_unique', records: [ref('distributor', w.distributorD.distributorId), ref('order', o.pending.id), ref('order', copy)] },
    ]);
  });

  it('order.debited_once: an order marked paid without its debit', async () => {
    const found = await breachesAfter((tx) => tx.execute(sql`UPDATE orders SET status = 'paid', paid_at = now() WHERE id = ${o.pending.id}`));
    expect(shape(found)).toEqual([{ rule: 'order.debited_once', records: [ref('order', o.pending.id), ref('distributor', w.distributorD.distributorId)] }]);
    expect(found[0].values).toMatchObject({ status: 'paid', entries: 0, expected: -o.pending.totalAmount });
  });

  it('order.debited_once: a debit naming no order, and a paid order debited twice', async () => {
    let orphan = 0;
    let first = 0;
    let second = 0;
    const found = await breachesAfter(async (tx) => {
      // Posted the regular way (entry, balance and event agree): only the reference is wrong.
      orphan = (await postLedgerEntry(tx, { distributorId: spare.distributorId, kind: 'order_debit', amount: -100, ref: 'order:SO-NOWHERE' })).entryId;
      first = Number(await scalar<string>(tx, sql`SELECT id FROM ledger_entries WHERE kind = 'order_debit' AND ref = ${`order:${o.paid.orderNo}`}`));
      await tx.execute(sql`ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_ref_key`);
      second = await consistentPosting(tx, w.distributorD.distributorId, 'order_debit', -o.paid.totalAmount, `order:${o.paid.orderNo}`);
    });
    expect(shape(found)).toEqual([
      { rule: 'order.debited_once', records: [ref('ledger_entry', orphan)] },
      { rule: 'order.debited_once', records: [ref('order', o.paid.id), ref('distributor', w.distributorD.distributorId), ref('ledger_entry', first), ref('ledger_entry', second)] },
    ]);
    expect(found[1].values).toMatchObject({ entries: 2, amount: -2 * o.paid.totalAmount, expected: -o.paid.totalAmount });
  });

  it('order.refunded_once: a refund credit for an order that was not refunded', async () => {
    let entry = 0;
    const found = await breachesAfter(async (tx) => {
      entry = (await postLedgerEntry(tx, { distributorId: w.distributorD.distributorId, kind: 'refund_credit', amount: o.paid.totalAmount, ref: `order:${o.paid.orderNo}` })).entryId;
    });
    expect(shape(found)).toEqual([{ rule: 'order.refunded_once', records: [ref('order', o.paid.id), ref('distributor', w.distributorD.distributorId), ref('ledger_entry', entry)] }]);
    expect(found[0].values).toMatchObject({ status: 'paid', expected: null, entries: 1, amount: o.paid.totalAmount });
  });

  it('order.refunded_once: a refunded order without its credit', async () => {
    const found = await breachesAfter(async (tx) => {
      await tx.execute(sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only`);
      await tx.execute(sql`UPDATE ledger_entries SET kind = 'adjustment', ref = 'adjust:renamed' WHERE kind = 'refund_credit' AND ref = ${`order:${o.refunded.orderNo}`}`);
      await tx.execute(sql`UPDATE outbox_events SET data = jsonb_set(data, '{entry}', '{"kind": "adjustment", "ref": "adjust:renamed"}') WHERE type = 'balance.changed' AND data->'entry'->>'ref' = ${`order:${o.refunded.orderNo}`} AND data->'entry'->>'kind' = 'refund_credit'`);
    });
    expect(shape(found)).toEqual([{ rule: 'order.refunded_once', records: [ref('order', o.refunded.id), ref('distributor', w.distributorD.distributorId)] }]);
    expect(found[0].values).toMatchObject({ status: 'refunded', entries: 0, expected: o.refunded.totalAmount });
  });

  it('earning.once: an item of an order not completed earns, and a completed item earns twice', async () => {
    let early = 0;
    let twice = 0;
    const items = await db.execute(sql`SELECT id, order_id FROM order_items WHERE product_id = ${w.productA.id} AND order_id IN (${o.paid.id}, ${o.completed.id}) ORDER BY order_id`);
    const [paidItem, completedItem] = (items as unknown as { id: string }[]).map((r) => Number(r.id));
    const first = Number(await scalar<string>(db as unknown as Tx, sql`SELECT id FROM supplier_earnings WHERE order_item_id = ${completedItem}`));
    const found = await breachesAfter(async (tx) => {
      early = Number(await scalar<string>(tx, sql`INSERT INTO supplier_earnings (supplier_id, order_item_id, amount, earned_at) VALUES (${w.supplierA.supplierId}, ${paidItem}, 3200, now()) RETURNING id`));
      await tx.execute(sql`ALTER TABLE supplier_earnings DROP CONSTRAINT supplier_earnings_order_item_id_unique`);
      twice = Number(await scalar<string>(tx, sql`INSERT INTO supplier_earnings (supplier_id, order_item_id, amount, earned_at) VALUES (${w.supplierA.supplierId}, ${completedItem}, 6400, now()) RETURNING id`));
    });
    const supplier = ref('supplier', w.supplierA.supplierId);
    expect(shape(found)).toEqual([
      { rule: 'earning.once', records: [ref('order', o.paid.id), ref('order_item', paidItem), supplier, ref('earning', early)] },
      { rule: 'earning.once', records: [ref('order', o.completed.id), ref('order_item', completedItem), supplier, ref('earning', first), ref('earning', twice)] },
    ]);
    expect(found[1].values).toMatchObject({ earnings: 2, amount: 12_800, expectedAmount: 6_400 });
  });

  it('bill.total: a total that is not the sum of its lines', async () => {
    const bill = Number(await scalar<string>(db as unknown as Tx, sql`SELECT id FROM supplier_bills WHERE supplier_id = ${w.supplierA.supplierId}`));
    const found = await breachesAfter((tx) => tx.execute(sql`UPDATE supplier_bills SET total_amount = total_amount + 1 WHERE id = ${bill}`));
    expect(shape(found)).toEqual([{ rule: 'bill.total', records: [ref('bill', bill), ref('supplier', w.supplierA.supplierId)] }]);
    expect(found[0].values).toMatchObject({ linesTotal: 6_400, totalAmount: 6_401, lines: 1 });
  });

  it('bill.line: a line that is not its earning (the total kept in step with it)', async () => {
    const [line] = (await db.execute(sql`SELECT l.id, l.bill_id, l.earning_id FROM bill_lines l JOIN supplier_bills b ON b.id = l.bill_id WHERE b.supplier_id = ${w.supplierA.supplierId}`)) as unknown as { id: string; bill_id: number; earning_id: string }[];
    const found = await breachesAfter(async (tx) => {
      await tx.execute(sql`UPDATE bill_lines SET amount = amount + 100 WHERE id = ${line.id}`);
      await tx.execute(sql`UPDATE supplier_bills SET total_amount = total_amount + 100 WHERE id = ${line.bill_id}`);
    });
    expect(shape(found)).toEqual([{ rule: 'bill.line', records: [ref('bill', line.bill_id), ref('bill_line', Number(line.id)), ref('earning', Number(line.earning_id))] }]);
    expect(found[0].values).toMatchObject({ amount: 6_500, expected: 6_400 });
  });

  it('outbox.event: a cancelled order, a package and a ledger posting whose events are missing', async () => {
    let entry = 0;
    const found = await breachesAfter(async (tx) => {
      await tx.execute(sql`DELETE FROM outbox_events WHERE type = 'order.cancelled' AND data->>'orderNo' = ${o.cancelled.orderNo}`);
      await tx.execute(sql`DELETE FROM outbox_events WHERE type = 'order.shipped' AND data->>'orderNo' = ${o.shipped.orderNo}`);
      entry = Number(await scalar<string>(tx, sql`SELECT id FROM ledger_entries WHERE distributor_id = ${spare.distributorId}`));
      await tx.execute(sql`DELETE FROM outbox_events WHERE type = 'balance.changed' AND distributor_id = ${spare.distributorId}`);
    });
    expect(shape(found)).toEqual([
      { rule: 'outbox.event', records: [ref('ledger_entry', entry), ref('distributor', spare.distributorId)] },
      { rule: 'outbox.event', records: [ref('order', o.shipped.id), ref('distributor', w.distributorD.distributorId)] },
      { rule: 'outbox.event', records: [ref('order', o.cancelled.id), ref('distributor', w.distributorD.distributorId)] },
    ]);
    expect(found.map((b) => b.values.type)).toEqual(['balance.changed', 'order.shipped', 'order.cancelled']);
  });
});

describe('the reconciliation page words every breach', () => {
  it('names each figure of every rule broken above, in zh-CN and en', () => {
    expect(new Set(seen.map((b) => b.rule))).toEqual(new Set(Object.keys(INVARIANT_RULES)));
    const keys = [...new Set(seen.flatMap((b) => Object.keys(b.values)))].sort();
    expect(keys.filter((k) => !(k in zhFinance.reconciliation.values))).toEqual([]);
    expect(keys.filter((k) => !(k in enFinance.reconciliation.values))).toEqual([]);
  });
});

describe('the stock record of a database from before it', () => {
  it('the migration opens every product so that the rules hold on what was there', async () => {
    const migration = fs.readFileSync(path.join(ROOT, 'drizzle/0009_stock_movements_opening.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').filter((s) => /INSERT INTO stock_movements/.test(s));
    expect(backfill).toHaveLength(2);
    const found = await breachesAfter(async (tx) => {
      // The database as it was before: no stock record at all.
      await tx.execute(sql`ALTER TABLE stock_movements DISABLE TRIGGER stock_movements_append_only`);
      await tx.execute(sql`DELETE FROM stock_movements`);
      expect(rulesOf(await findBreaches(tx, ['stock.balance', 'stock.returned_once']))).toEqual(['stock.balance', 'stock.returned_once']);
      for (const statement of backfill) await tx.execute(sql.raw(statement));
    });
    expect(found).toEqual([]);
  });
});

describe('npm run check, the command', () => {
  async function runCheck(): Promise<{ code: number; out: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, 'scripts/check.ts'], { cwd: ROOT, env: { ...process.env } });
      return { code: 0, out: stdout + stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  }

  it('exits 0 on a clean database, then prints each breach with its records and exits 1', async () => {
    const ok = await runCheck();
    expect(ok.out).toContain('All 14 invariants hold');
    expect(ok.code).toBe(0);

    // Committed this time: the command reads the database from outside.
    await db.execute(sql`UPDATE products SET stock = stock + 5 WHERE id = ${w.productB.id}`);
    await db.execute(sql`UPDATE wallets SET balance = balance + 1 WHERE distributor_id = ${spare.distributorId}`);
    const bad = await runCheck();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('BREACH stock.balance');
    expect(bad.out).toContain('BREACH wallet.sum');
    expect(bad.out).toContain('ok     order.debited_once');
    expect(bad.out).toContain(`[stock.balance] ${w.productB.skuCode} (product ${w.productB.id}): stocked`);
    expect(bad.out).toContain(`records: product ${w.productB.skuCode} (id ${w.productB.id})`);
    expect(bad.out).toContain(`[wallet.sum] ${spare.code} (distributor ${spare.distributorId}): balance 500.01, but its 1 ledger entry sums to 500.00`);
    expect(bad.out).toContain(`records: distributor ${spare.code} (id ${spare.distributorId})`);
    expect(bad.out).toContain('2 breaches');
    await db.execute(sql`UPDATE products SET stock = stock - 5 WHERE id = ${w.productB.id}`);
    await db.execute(sql`UPDATE wallets SET balance = balance - 1 WHERE distributor_id = ${spare.distributorId}`);
  });
});
