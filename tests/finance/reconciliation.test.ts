import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { refundOrder } from '@/server/domain/orders/refund';
import { shipPackage } from '@/server/domain/orders/ship';
import { generateBill } from '@/server/domain/settlement/bills';
import { approveTopup, requestTopup } from '@/server/domain/wallet/topup-requests';
import { callerAs } from '@tests/support/trpc';
import { mallCtx, orderRow, orderWorld, placeOrder, type OrderWorld } from '../orders/world';

/**
 * The reconciliation page (对账) reads admin.reconciliation.check: the invariants of
 * `npm run check`, on the live database. Each rule the page promises is broken on purpose,
 * for real (committed), seen reported with its record, then repaired and seen clean again.
 */
describe('the reconciliation page’s check', () => {
  let w: OrderWorld;
  let paid: { id: number; orderNo: string; totalAmount: number };
  let completed: { id: number; orderNo: string };
  let billId: number;
  let topupId: number;
  const check = () => callerAs(w.staff.identity).admin.reconciliation.check();

  beforeAll(async () => {
    w = await orderWorld();
    const { db } = w;
    const d = w.distributorD.distributorId;
    const staff = { db, actor: w.staff.actor };
    const p = await placeOrder(db, d, [{ productId: w.productA.id, quantity: 2 }]);
    paid = { id: (await orderRow(db, p.orderNo)).id, orderNo: p.orderNo, totalAmount: p.totalAmount };
    const c = await placeOrder(db, d, [{ productId: w.productA.id, quantity: 1 }]);
    await shipPackage({ db, actor: w.supplierA.actor }, { orderNo: c.orderNo, carrier: '圆通', trackingNo: 'YT0001' });
    await confirmReceipt(mallCtx(db, d), { orderNo: c.orderNo });
    completed = { id: (await orderRow(db, c.orderNo)).id, orderNo: c.orderNo };
    const r = await placeOrder(db, d, [{ productId: w.platformProduct.id, quantity: 1 }]);
    await refundOrder(staff, { orderNo: r.orderNo }, { reason: '缺货' });
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    billId = (await generateBill(staff, { supplierId: w.supplierA.supplierId, periodStart: today, periodEnd: today })).id;
    topupId = (await requestTopup(w.distributorE.ctx, { amount: 8_800, paymentMethod: 'bank_transfer', paymentReference: 'R1', proofImage: null, note: '' })).id;
    await approveTopup(staff, { id: topupId });
  });

  it('is green for what the verbs made, and refuses non-staff', async () => {
    const report = await check();
    expect(report.breaches).toEqual([]);
    expect(report.rules).toContain('topup.credited_once');
    await expect(callerAs(w.supplierA.identity).admin.reconciliation.check()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(w.distributorD.identity).admin.reconciliation.check()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  const cases: { name: string; rule: string; record: () => { kind: string; id: number }; breakIt: () => Promise<unknown>; repair: () => Promise<unknown> }[] = [
    {
      name: 'a wallet that is not its ledger',
      rule: 'wallet.sum',
      record: () => ({ kind: 'distributor', id: w.distributorD.distributorId }),
      breakIt: () => w.db.execute(sql`UPDATE wallets SET balance = balance + 1 WHERE distributor_id = ${w.distributorD.distributorId}`),
      repair: () => w.db.execute(sql`UPDATE wallets SET balance = balance - 1 WHERE distributor_id = ${w.distributorD.distributorId}`),
    },
    {
      name: 'a paid order without its debit',
      rule: 'order.debited_once',
      record: () => ({ kind: 'order', id: paid.id }),
      // The debit entry cannot be deleted (the ledger is append-only): rename the order it names instead.
      breakIt: () => w.db.execute(sql`UPDATE orders SET order_no = order_no || 'X' WHERE id = ${paid.id}`),
      repair: () => w.db.execute(sql`UPDATE orders SET order_no = ${paid.orderNo} WHERE id = ${paid.id}`),
    },
    {
      name: 'a refunded order without its refund credit',
      rule: 'order.refunded_once',
      record: () => ({ kind: 'order', id: paid.id }),
      breakIt: () => w.db.execute(sql`UPDATE orders SET status = 'refunded' WHERE id = ${paid.id}`),
      repair: () => w.db.execute(sql`UPDATE orders SET status = 'paid' WHERE id = ${paid.id}`),
    },
    {
      name: 'an earning of the wrong amount',
      rule: 'earning.once',
      record: () => ({ kind: 'order_item', id: 0 }),
      breakIt: () => w.db.execute(sql`UPDATE supplier_earnings SET amount = amount + 100 WHERE order_item_id IN (SELECT id FROM order_items WHERE order_id = ${completed.id})`),
      repair: () => w.db.execute(sql`UPDATE supplier_earnings SET amount = amount - 100 WHERE order_item_id IN (SELECT id FROM order_items WHERE order_id = ${completed.id})`),
    },
    {
      name: 'a bill whose total is not its lines',
      rule: 'bill.total',
      record: () => ({ kind: 'bill', id: billId }),
      breakIt: () => w.db.execute(sql`UPDATE supplier_bills SET total_amount = total_amount + 1 WHERE id = ${billId}`),
      repair: () => w.db.execute(sql`UPDATE supplier_bills SET total_amount = total_amount - 1 WHERE id = ${billId}`),
    },
    {
      name: 'an approved top-up without its credit',
      rule: 'topup.credited_once',
      record: () => ({ kind: 'topup_request', id: topupId + 1_000_000 }),
      breakIt: () => w.db.execute(sql`INSERT INTO topup_requests (id, distributor_id, amount, payment_method, status) VALUES (${topupId + 1_000_000}, ${w.distributorE.distributorId}, 500, 'other', 'approved')`),
      repair: () => w.db.execute(sql`DELETE FROM topup_requests WHERE id = ${topupId + 1_000_000}`),
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name} (${c.rule}) with its record, and is green once repaired`, async () => {
      await c.breakIt();
      try {
        const found = (await check()).breaches.filter((b) => b.rule === c.rule);
        expect(found.length).toBeGreaterThan(0);
        const want = c.record();
        const records = found.flatMap((b) => b.records);
        if (want.id !== 0) expect(records).toContainEqual(expect.objectContaining(want));
        else expect(records.map((r) => r.kind)).toContain(want.kind);
      } finally {
        await c.repair();
      }
      expect((await check()).breaches).toEqual([]);
    });
  }
});
