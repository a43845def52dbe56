import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { distributorLevels, distributors, products, users } from '@/server/db/schema';
import { seedDemoData } from '@/server/db/seed';
import { changeDistributorLevel } from '@/server/domain/distributors/manage';
import { financeOverview } from '@/server/domain/finance/overview';
import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { createOrder } from '@/server/domain/orders/create';
import { payOrder } from '@/server/domain/orders/pay';
import { shipPackage } from '@/server/domain/orders/ship';
import { generateBill, markBillPaid } from '@/server/domain/settlement/bills';
import { testDb } from '@tests/support/db';
import { csvSheets, exportBytes, fenOf, xlsxSheets } from '@tests/support/exports';
import { createStaff } from '@tests/support/factories';
import { RECEIVER } from '../open-api/support';

/**
 * The seed's supplier example, DEMO-S (supplier1's goods at its supply price of 80.00 per unit,
 * offered to distributors at 99.00), from a real order to a paid bill: the mall of D0001
 * (初级分销商, 8% fee) orders 2 and pays, supplier1 ships, the mall confirms receipt, staff bill
 * supplier1 and mark the bill paid. Then every finance view must tell the same story:
 *   agreed price 99.00 + 7.92 = 106.92 per unit, debited 213.84;
 *   supplier1 earns 2 × 80.00 = 160.00, billed and paid;
 *   the platform's margin is 2 × (106.92 − 80.00) = 53.84.
 */
describe("the seed's supplier example, from order to paid bill", () => {
  const db = testDb();
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  let staff: Awaited<ReturnType<typeof createStaff>>;
  let supplierCtx: { db: typeof db; actor: { kind: 'supplier'; userId: number; supplierId: number } };
  let distributorCtx: { db: typeof db; actor: { kind: 'distributor'; userId: number; distributorId: number } };
  let orderNo: string;
  let billId: number;
  let billNo: string;

  beforeAll(async () => {
    await seedDemoData(db, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'seed-finance-')), log: () => {} });
    staff = await createStaff(db);
    const [s1] = await db.select().from(users).where(eq(users.username, 'supplier1'));
    const [d1] = await db.select().from(users).where(eq(users.username, 'distributor1'));
    const [d1row] = await db.select().from(distributors).where(eq(distributors.id, d1.distributorId!));
    expect(d1row.code).toBe('D0001');
    supplierCtx = { db, actor: { kind: 'supplier', userId: s1.id, supplierId: s1.supplierId! } };
    distributorCtx = { db, actor: { kind: 'distributor', userId: d1.id, distributorId: d1.distributorId! } };
    const mall = { db, actor: { kind: 'mall' as const, distributorId: d1.distributorId! } };

    const [demoS] = await db.select().from(products).where(eq(products.skuCode, 'DEMO-S'));
    expect(demoS).toMatchObject({ ownerSupplierId: s1.supplierId, costPrice: 8000, supplyPrice: 9900 });
    const { order } = await createOrder(mall, { mallOrderNo: 'FIN-DEMO-S-1', items: [{ skuCode: 'DEMO-S', quantity: 2 }], receiver: RECEIVER, remark: '' });
    orderNo = order.orderNo;
    const paid = await payOrder(mall, { orderNo });
    expect(paid.totalAmount).toBe(21_384);
    await shipPackage(supplierCtx, { orderNo, carrier: '顺丰', trackingNo: 'SF1234567890' });
    await confirmReceipt(mall, { orderNo });
    const bill = await generateBill(staff.ctx, { supplierId: s1.supplierId!, periodStart: today, periodEnd: today });
    expect(bill.totalAmount).toBe(16_000);
    await markBillPaid(staff.ctx, { billId: bill.id, paidAt: today, reference: '招行 20261201' });
    billId = bill.id;
    billNo = bill.billNo;
  });

  it('shows in the finance overview: the debit, the margin by owner, level and distributor, and a paid payable', async () => {
    const o = await financeOverview(staff.ctx, { from: today, to: today, granularity: 'day' });
    expect(o.buckets.map((b) => b.bucket)).toEqual([today]);
    expect(o.totals).toMatchObject({ debits: 21_384, refunds: 0, agreed: 21_384, cost: 16_000, margin: 5_384, earned: 16_000, payablePaid: 16_000, payableBilled: 0, payableUnbilled: 0 });
    expect(o.marginByOwner).toEqual([{ key: String(supplierCtx.actor.supplierId), label: '鲜味食品有限公司', quantity: 2, agreed: 21_384, cost: 16_000, margin: 5_384 }]);
    expect(o.marginByLevel.map((r) => [r.label, r.margin])).toEqual([['初级分销商', 5_384]]);
    expect(o.marginByDistributor.map((r) => [r.label?.split(' ')[0], r.margin])).toEqual([['D0001', 5_384]]);
    expect(o.now).toMatchObject({ billedUnpaid: 0, unbilled: 0 });
    const byMonth = await financeOverview(staff.ctx, { from: today, to: today, granularity: 'month' });
    expect(byMonth.buckets).toEqual([expect.objectContaining({ bucket: today.slice(0, 7), margin: 5_384, payablePaid: 16_000 })]);
  });

  it("appears in both exports on each side with the same numbers", async () => {
    // Staff's orders, as CSV: agreed 106.92, cost 80.00, margin 53.84.
    const [orders] = csvSheets((await exportBytes(staff.ctx, 'orders', { orderNo })).bytes);
    const col = (name: string) => orders[0].indexOf(name);
    expect(orders).toHaveLength(2);
    expect([orders[1][col('货号')], orders[1][col('协议单价（元）')], orders[1][col('协议金额（元）')], orders[1][col('成本金额（元）')], orders[1][col('平台毛利（元）')]]).toEqual(['DEMO-S', '106.92', '213.84', '160.00', '53.84']);
    // The supplier's orders, as xlsx: its supply price only.
    const [supplierOrders] = await xlsxSheets((await exportBytes(supplierCtx, 'orders', {}, { format: 'xlsx' })).bytes);
    expect(supplierOrders.rows.slice(1).map((r) => [r[6], r[8], fenOf(r[9]), fenOf(r[10])])).toEqual([['DEMO-S', 2, 8_000, 16_000]]);
    // Its earnings: 160.00, paid, on the bill.
    const [earnings] = await xlsxSheets((await exportBytes(supplierCtx, 'earnings', {}, { format: 'xlsx' })).bytes);
    const e = (name: string) => earnings.rows[0].indexOf(name);
    expect(earnings.rows.slice(1).map((r) => [r[e('货号')], fenOf(r[e('合计（元）')]), r[e('结算状态')], r[e('账单号')]])).toEqual([['DEMO-S', 16_000, '已付款', billNo]]);
    // The bill, as CSV: its total and payment reference, its line.
    const bill = csvSheets((await exportBytes(supplierCtx, 'bill', { billId })).bytes);
    expect(bill[0][1][4]).toBe('160.00');
    expect(bill[0][1][7]).toBe('招行 20261201');
    expect(bill[1].slice(1).map((r) => [r[0], r[1], r[3], r[4], r[7]])).toEqual([[orderNo, 'DEMO-S', '2', '80.00', '160.00']]);
    // The distributor's ledger: the opening top-up of 10,000.00, then the debit of 213.84.
    const [ledger] = csvSheets((await exportBytes(distributorCtx, 'ledger')).bytes);
    expect(ledger.slice(1).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['充值', '10000.00', '10000.00'],
      ['订单扣款', '-213.84', '9786.16'],
    ]);
  });

  it('keeps the margin of an order with the level it was made at when its distributor moves to another level', async () => {
    const [senior] = await db.select().from(distributorLevels).where(eq(distributorLevels.name, '高级分销商'));
    await changeDistributorLevel(staff.ctx, { id: distributorCtx.actor.distributorId, levelId: senior.id });
    const mall = { db, actor: { kind: 'mall' as const, distributorId: distributorCtx.actor.distributorId } };
    const { order } = await createOrder(mall, { mallOrderNo: 'FIN-DEMO-S-2', items: [{ skuCode: 'DEMO-S', quantity: 1 }], receiver: RECEIVER, remark: '' });
    await payOrder(mall, { orderNo: order.orderNo });
    // 99.00 + 5% = 103.95 for one unit at the senior level; the first order stays at the junior one.
    const o = await financeOverview(staff.ctx, { from: today, to: today, granularity: 'day' });
    expect(o.marginByLevel.map((r) => [r.label, r.margin]).sort()).toEqual([
      ['初级分销商', 5_384],
      ['高级分销商', 10_395 - 8_000],
    ]);
  });
});
