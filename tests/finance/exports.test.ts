import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, wallets } from '@/server/db/schema';
import { adjustBalance } from '@/server/domain/wallet/staff-postings';
import { testDb } from '@tests/support/db';
import { csvSheets, exportBytes, fenOf, xlsxSheets } from '@tests/support/exports';
import { createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { completedOrder } from '@tests/support/settlement';
import { callerAs } from '@tests/support/trpc';

const db = testDb();

describe('exports: ledgers, orders, bills with lines, earnings (CSV and xlsx)', () => {
  let staff: Awaited<ReturnType<typeof createStaff>>;
  let dA: Awaited<ReturnType<typeof createDistributorAccount>>;
  let dB: Awaited<ReturnType<typeof createDistributorAccount>>;
  let sA: Awaited<ReturnType<typeof createSupplierAccount>>;
  let sB: Awaited<ReturnType<typeof createSupplierAccount>>;
  let billA: { id: number; billNo: string };
  let orderA: { orderNo: string };

  beforeAll(async () => {
    staff = await createStaff(db);
    dA = await createDistributorAccount(db, { balance: 10_000 });
    dB = await createDistributorAccount(db, { balance: 500 });
    await adjustBalance(staff.ctx, { distributorId: dA.distributorId, direction: 'down', amount: 250, reason: '=HYPERLINK("http://evil")', requestKey: randomUUID() });
    sA = await createSupplierAccount(db);
    sB = await createSupplierAccount(db);
    const pA = await createProduct(db, { ownerSupplierId: sA.supplierId, costPrice: 8000, title: '供应商A的茶具', skuCode: 'A-TEA' });
    const pB = await createProduct(db, { ownerSupplierId: sB.supplierId, costPrice: 300, title: '供应商B的毛巾', skuCode: 'B-TOWEL' });
    const platform = await createProduct(db, { costPrice: 500, title: '自营坚果', skuCode: 'P-NUT' });
    // Two October orders of A's goods (one billed and paid below), one November, one of B's.
    orderA = await completedOrder(db, dA.distributorId, [{ product: pA, quantity: 2, freight: 500 }, { product: platform, quantity: 1 }], new Date('2026-10-10T04:00:00Z'));
    await completedOrder(db, dA.distributorId, [{ product: pA, quantity: 1 }], new Date('2026-11-02T04:00:00Z'));
    await completedOrder(db, dB.distributorId, [{ product: pB, quantity: 3 }], new Date('2026-10-12T04:00:00Z'));
    const admin = callerAs(staff.identity).admin.bills;
    const bill = await admin.generate({ supplierId: sA.supplierId, periodStart: '2026-10-01', periodEnd: '2026-10-31' });
    await admin.markPaid({ billId: bill.id, paidAt: '2026-11-05', reference: '招行 8812' });
    billA = bill;
  });

  it("writes a distributor's own ledger oldest first, Chinese headers, amounts as yuan, formulas defused", async () => {
    const { filename, bytes } = await exportBytes(dA.ctx, 'ledger');
    expect(filename).toMatch(/^ledger-\d{4}-\d{2}-\d{2}\.csv$/);
    const [rows] = csvSheets(bytes);
    expect(rows[0]).toEqual(['时间', '类型', '金额（元）', '变动后余额（元）', '关联单号', '备注']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['充值', '100.00', '100.00'],
      ['调整', '-2.50', '97.50'],
    ]);
    expect(rows[0]).not.toContain('操作人'); // a distributor is not told which staff member did it
    expect(rows[2][5]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[1][0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const english = csvSheets((await exportBytes(dA.ctx, 'ledger', { kind: 'adjustment' }, { locale: 'en' })).bytes)[0];
    expect(english[0][0]).toBe('Time');
    expect(english.slice(1).map((r) => r[1])).toEqual(['Adjustment']);
  });

  it('writes the same ledger as a real xlsx: numbers people can sum, with two decimals', async () => {
    const { filename, bytes } = await exportBytes(staff.ctx, 'ledger', { distributorId: dA.distributorId }, { format: 'xlsx' });
    expect(filename).toMatch(/\.xlsx$/);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip, as xlsx files are
    const [sheet] = await xlsxSheets(bytes);
    expect(sheet.name).toBe('货款流水');
    expect(sheet.rows[0]).toEqual(['时间', '分销商编号', '类型', '金额（元）', '变动后余额（元）', '关联单号', '备注', '操作人']);
    const body = sheet.rows.slice(1);
    expect(body.map((r) => [r[1], r[2], fenOf(r[3]), fenOf(r[4])])).toEqual([
      [dA.code, '充值', 10_000, 10_000],
      [dA.code, '调整', -250, 9_750],
    ]);
    expect(typeof body[0][3]).toBe('number');
    expect(sheet.numFmt(1, 3)).toBe('#,##0.00');
    expect(body[1][7]).toBe(staff.username);
    expect(body[0][0]).toBeInstanceOf(Date);
  });

  it('gives a distributor only its own ledger and orders, whatever the query string says', async () => {
    const ledger = csvSheets((await exportBytes(dB.ctx, 'ledger', { distributorId: dA.distributorId })).bytes)[0];
    expect(ledger.slice(1).map((r) => r[2])).toEqual(['5.00']);
    const orders = csvSheets((await exportBytes(dB.ctx, 'orders', { distributorId: dA.distributorId })).bytes)[0];
    expect(orders.slice(1).map((r) => r[0])).not.toContain(orderA.orderNo);
    expect(orders.slice(1).map((r) => r[7])).toEqual(['B-TOWEL']);
    // No bills, earnings or other side's exports for a distributor.
    for (const name of ['bills', 'bill', 'earnings', 'nothing-such']) {
      await expect(exportBytes(dB.ctx, name, { billId: billA.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it("gives staff every item with agreed price, cost and the platform's margin", async () => {
    const [rows] = csvSheets((await exportBytes(staff.ctx, 'orders', { orderNo: orderA.orderNo })).bytes);
    const header = rows[0];
    const col = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(3);
    const tea = rows.find((r) => r[col('货号')] === 'A-TEA')!;
    expect([tea[col('归属')], tea[col('数量')], tea[col('协议单价（元）')], tea[col('协议金额（元）')], tea[col('运费（元）')], tea[col('成本单价（元）')], tea[col('成本金额（元）')], tea[col('平台毛利（元）')]]).toEqual(
      [`供应商 ${sA.username}`, '2', '10.50', '21.00', '5.00', '80.00', '160.00', '-139.00'],
    );
    const nut = rows.find((r) => r[col('货号')] === 'P-NUT')!;
    expect([nut[col('归属')], nut[col('平台毛利（元）')]]).toEqual(['自营', '5.50']);
    expect(tea[col('订单状态')]).toBe('已完成');
  });

  it("gives a supplier only its own items, at its supply price, never the distributor's", async () => {
    const [rows] = csvSheets((await exportBytes(sA.ctx, 'orders')).bytes);
    expect(rows[0]).toEqual(['订单号', '订单状态', '下单时间', '付款时间', '完成时间', '退款时间', '货号', '商品', '数量', '供货价（元）', '货款（元）', '运费（元）']);
    expect(rows.slice(1).map((r) => [r[6], r[8], r[9], r[10], r[11]])).toEqual([
      ['A-TEA', '2', '80.00', '160.00', '5.00'],
      ['A-TEA', '1', '80.00', '80.00', '0.00'],
    ]);
    const text = rows.flat().join('|');
    for (const secret of [dA.code, '10.50', '21.00', 'P-NUT', 'B-TOWEL']) expect(text).not.toContain(secret);
  });

  it('writes earnings with where each stands, and bills with their lines, for each side', async () => {
    const [earnings] = csvSheets((await exportBytes(sA.ctx, 'earnings')).bytes);
    const e = (name: string) => earnings[0].indexOf(name);
    expect(earnings.slice(1).map((r) => [r[e('合计（元）')], r[e('结算状态')], r[e('账单号')], r[e('付款凭证号')]])).toEqual([
      ['165.00', '已付款', billA.billNo, '招行 8812'],
      ['80.00', '待出账', '', ''],
    ]);
    const pending = csvSheets((await exportBytes(sA.ctx, 'earnings', { state: 'unbilled' })).bytes)[0];
    expect(pending).toHaveLength(2);
    // B asking for A's earnings by id gets its own (none billed) only.
    const bEarnings = csvSheets((await exportBytes(sB.ctx, 'earnings', { supplierId: sA.supplierId })).bytes)[0];
    expect(bEarnings.slice(1).map((r) => r[1])).toEqual(['B-TOWEL']);

    const staffBills = csvSheets((await exportBytes(staff.ctx, 'bills', { from: '2026-10-01', to: '2026-10-31' })).bytes)[0];
    const b = (name: string) => staffBills[0].indexOf(name);
    expect(staffBills.slice(1).map((r) => [r[b('供应商')], r[b('账单号')], r[b('周期开始')], r[b('周期结束')], r[b('账单状态')], r[b('账单金额（元）')], r[b('合计（元）')]])).toEqual([
      [`供应商 ${sA.username}`, billA.billNo, '2026-10-01', '2026-10-31', '已付款', '165.00', '165.00'],
    ]);
    expect(csvSheets((await exportBytes(staff.ctx, 'bills', { from: '2026-12-01' })).bytes)[0]).toHaveLength(1); // header only
    expect(csvSheets((await exportBytes(sB.ctx, 'bills')).bytes)[0]).toHaveLength(1);
  });

  it("downloads one bill with its lines; another supplier's bill is not found", async () => {
    const { filename, bytes } = await exportBytes(sA.ctx, 'bill', { billId: billA.id }, { format: 'xlsx' });
    expect(filename).toBe(`${billA.billNo}.xlsx`);
    const [head, lines] = await xlsxSheets(bytes);
    expect(head.rows[1].slice(0, 6).map((v, i) => (i === 4 ? fenOf(v) : v))).toEqual([billA.billNo, `供应商 ${sA.username}`, '2026-10-01', '2026-10-31', 16_500, '已付款']);
    expect(head.rows[1][7]).toBe('招行 8812');
    expect(lines.rows.slice(1).map((r) => [r[1], r[3], fenOf(r[4]), fenOf(r[5]), fenOf(r[6]), fenOf(r[7])])).toEqual([['A-TEA', 2, 8_000, 16_000, 500, 16_500]]);
    const csv = csvSheets((await exportBytes(staff.ctx, 'bill', { billId: billA.id })).bytes);
    expect(csv).toHaveLength(2);
    expect(csv[1][1][0]).toBe(orderA.orderNo);

    await expect(exportBytes(sB.ctx, 'bill', { billId: billA.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(exportBytes(sB.ctx, 'bill', { billId: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(exportBytes(sA.ctx, 'ledger')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses bad filters and formats with a clear error', async () => {
    await expect(exportBytes(staff.ctx, 'ledger', { from: '2026-02-30' })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('from') });
    await expect(exportBytes(staff.ctx, 'bill', { billId: 'abc' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(exportBytes(staff.ctx, 'ledger', {}, { format: 'pdf' as never })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('reads past one batch: 2,500 entries come out whole and in order, in both formats', async () => {
    const d = await createDistributorAccount(db);
    await db.execute(sql`
      INSERT INTO ledger_entries (distributor_id, kind, amount, balance_after, ref)
      SELECT ${d.distributorId}, 'topup', 100, 100 * i, 'bulk:' || ${d.distributorId} || ':' || i FROM generate_series(1, 2500) AS i`);
    await db.update(wallets).set({ balance: 250_000 }).where(eq(wallets.distributorId, d.distributorId));
    const [csv] = csvSheets((await exportBytes(d.ctx, 'ledger')).bytes);
    expect(csv).toHaveLength(2501);
    expect(csv.slice(1).map((r) => r[3])).toEqual(Array.from({ length: 2500 }, (_, i) => `${i + 1}.00`));
    const [sheet] = await xlsxSheets((await exportBytes(d.ctx, 'ledger', {}, { format: 'xlsx' })).bytes);
    expect(sheet.rows).toHaveLength(2501);
    expect(sheet.rows.slice(1).reduce((s, r) => s + fenOf(r[2]), 0)).toBe(250_000);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries).where(eq(ledgerEntries.distributorId, d.distributorId));
    expect(n).toBe(2500);
  });
});
