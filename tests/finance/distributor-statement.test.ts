import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ledgerEntries, wallets } from '@/server/db/schema';
import { adjustBalance } from '@/server/domain/wallet/staff-postings';
import { testDb } from '@tests/support/db';
import { csvSheets, exportBytes, fenOf, xlsxSheets } from '@tests/support/exports';
import { createDistributorAccount, createStaff } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const db = testDb();

/** Back-dated entries (no verb can back-date), kept consistent: each balance_after chains and the wallet ends at the last. */
async function withHistory(history: { at: string; kind: 'topup' | 'adjustment' | 'order_debit' | 'refund_credit'; amount: number }[]) {
  const d = await createDistributorAccount(db);
  let balance = 0;
  for (const [i, h] of history.entries()) {
    balance += h.amount;
    await db.insert(ledgerEntries).values({ distributorId: d.distributorId, kind: h.kind, amount: h.amount, balanceAfter: balance, ref: `hist:${d.distributorId}:${i}`, createdAt: new Date(h.at) });
  }
  await db.update(wallets).set({ balance }).where(eq(wallets.distributorId, d.distributorId));
  return d;
}

describe("a distributor's monthly statement", () => {
  it('opens where the last month closed and adds up, by China months', async () => {
    const d = await withHistory([
      { at: '2026-08-20T04:00:00Z', kind: 'topup', amount: 50_000 },
      { at: '2026-09-05T04:00:00Z', kind: 'order_debit', amount: -2_100 },
      { at: '2026-09-30T15:59:59Z', kind: 'topup', amount: 10_000 }, // 09-30 23:59:59 in Shanghai: September
      { at: '2026-09-30T16:00:00Z', kind: 'order_debit', amount: -5_000 }, // 10-01 00:00 in Shanghai: October
      { at: '2026-10-02T04:00:00Z', kind: 'refund_credit', amount: 5_000 },
      { at: '2026-10-03T04:00:00Z', kind: 'adjustment', amount: -300 },
    ]);
    const months = await callerAs(d.identity).distributor.balance.statements({ from: '2026-08', to: '2026-11' });
    expect(months).toEqual([
      { month: '2026-08', opening: 0, topups: 50_000, debits: 0, refunds: 0, adjustments: 0, closing: 50_000 },
      { month: '2026-09', opening: 50_000, topups: 10_000, debits: -2_100, refunds: 0, adjustments: 0, closing: 57_900 },
      { month: '2026-10', opening: 57_900, topups: 0, debits: -5_000, refunds: 5_000, adjustments: -300, closing: 57_600 },
      { month: '2026-11', opening: 57_600, topups: 0, debits: 0, refunds: 0, adjustments: 0, closing: 57_600 },
    ]);
    for (const m of months) expect(m.opening + m.topups + m.debits + m.refunds + m.adjustments).toBe(m.closing);
    // A range starting later opens with everything before it.
    expect((await callerAs(d.identity).distributor.balance.statements({ from: '2026-10', to: '2026-10' }))[0].opening).toBe(57_900);
  });

  it("closes this month at the wallet's balance, after real postings", async () => {
    const staff = await createStaff(db);
    const d = await createDistributorAccount(db, { balance: 12_345 });
    await adjustBalance(staff.ctx, { distributorId: d.distributorId, direction: 'down', amount: 45, reason: '对账测试', requestKey: randomUUID() });
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
    const [now] = await callerAs(staff.identity).admin.wallet.statements({ distributorId: d.distributorId, from: month, to: month });
    expect(now).toMatchObject({ opening: 0, topups: 12_345, adjustments: -45, closing: 12_300 });
    const [wallet] = await db.select().from(wallets).where(eq(wallets.distributorId, d.distributorId));
    expect(now.closing).toBe(wallet.balance);
  });

  it('downloads a month: the summary, then only that month’s entries; each distributor its own', async () => {
    const d = await withHistory([
      { at: '2026-09-10T04:00:00Z', kind: 'topup', amount: 20_000 },
      { at: '2026-10-10T04:00:00Z', kind: 'order_debit', amount: -1_234 },
      { at: '2026-10-11T04:00:00Z', kind: 'topup', amount: 1_000 },
      { at: '2026-11-10T04:00:00Z', kind: 'order_debit', amount: -99 },
    ]);
    const { filename, bytes } = await exportBytes(d.ctx, 'statement', { month: '2026-10' });
    expect(filename).toBe(`statement-${d.code}-2026-10.csv`);
    const [summary, entries] = csvSheets(bytes);
    expect(summary[0]).toEqual(['分销商', '月份', '期初余额（元）', '充值（元）', '订单扣款（元）', '退款退回（元）', '调整（元）', '期末余额（元）']);
    expect(summary[1].slice(1)).toEqual(['2026-10', '200.00', '10.00', '-12.34', '0.00', '0.00', '197.66']);
    expect(entries.slice(1).map((r) => r[2])).toEqual(['-12.34', '10.00']);

    const [xSummary, xEntries] = await xlsxSheets((await exportBytes(d.ctx, 'statement', { month: '2026-10' }, { format: 'xlsx' })).bytes);
    expect(xSummary.name).toBe('月度对账单');
    expect(xSummary.rows[1].slice(2).map(fenOf)).toEqual([20_000, 1_000, -1_234, 0, 0, 19_766]);
    expect(xEntries.rows).toHaveLength(3);

    // Another distributor naming d gets its own statement; staff must name one.
    const other = await createDistributorAccount(db, { balance: 700 });
    const theirs = csvSheets((await exportBytes(other.ctx, 'statement', { month: '2026-10', distributorId: d.distributorId })).bytes);
    expect(theirs[0][1][0]).toContain(other.code);
    expect(theirs[0][1][2]).not.toBe('200.00');
    expect(await callerAs(other.identity).distributor.balance.statements({ from: '2026-10', to: '2026-10' })).toEqual([
      { month: '2026-10', opening: expect.any(Number), topups: 0, debits: 0, refunds: 0, adjustments: 0, closing: expect.any(Number) },
    ]);
    const staff = await createStaff(db);
    await expect(exportBytes(staff.ctx, 'statement', { month: '2026-10' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const staffCsv = csvSheets((await exportBytes(staff.ctx, 'statement', { month: '2026-10', distributorId: d.distributorId })).bytes);
    expect(staffCsv[0][1][7]).toBe('197.66');
    await expect(exportBytes(d.ctx, 'statement', { month: '2026-13' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
