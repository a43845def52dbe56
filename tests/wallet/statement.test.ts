import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, wallets } from '@/server/db/schema';
import { getBalance } from '@/server/domain/wallet/statement';
import { testDb } from '@tests/support/db';
import { createDistributorAccount } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const db = testDb();
const DAY = 24 * 3600_000;

/** The China calendar date `daysAgo` days before today, and a Date at noon China time on it. */
function chinaDay(daysAgo: number) {
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - daysAgo * DAY));
  return { date, noon: new Date(`${date}T12:00:00+08:00`) };
}

/**
 * A history written straight into the ledger (back-dated, which no verb can do), kept
 * consistent: each balance_after chains, and the wallet ends at the last one.
 */
async function withHistory(history: { daysAgo: number; kind: 'topup' | 'adjustment' | 'order_debit' | 'refund_credit'; amount: number; ref: string; note?: string }[]) {
  const d = await createDistributorAccount(db);
  let balance = 0;
  for (const h of history) {
    balance += h.amount;
    await db.insert(ledgerEntries).values({
      distributorId: d.distributorId,
      kind: h.kind,
      amount: h.amount,
      balanceAfter: balance,
      ref: `${h.ref}-${d.distributorId}`,
      note: h.note ?? '',
      createdAt: h.daysAgo === 0 ? new Date() : chinaDay(h.daysAgo).noon,
    });
  }
  await db.update(wallets).set({ balance }).where(eq(wallets.distributorId, d.distributorId));
  return d;
}

describe('the ledger and its chart (its export: tests/finance/exports.test.ts)', () => {
  let d: Awaited<ReturnType<typeof createDistributorAccount>>;
  beforeAll(async () => {
    d = await withHistory([
      { daysAgo: 3, kind: 'topup', amount: 10_000, ref: 'topup:1' },
      { daysAgo: 1, kind: 'order_debit', amount: -2_100, ref: 'order:SO202601' },
      { daysAgo: 1, kind: 'adjustment', amount: -400, ref: 'adjust:a', note: '=HYPERLINK("http://evil")' },
      { daysAgo: 0, kind: 'refund_credit', amount: 500, ref: 'order:SO202601' },
    ]);
  });

  it('lists newest first, filtered by kind, direction, dates and reference', async () => {
    const ledger = callerAs(d.identity).distributor.balance.ledger;
    const all = await ledger({});
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => r.amount)).toEqual([500, -400, -2_100, 10_000]);
    expect(all.rows.map((r) => r.balanceAfter)).toEqual([8_000, 7_500, 7_900, 10_000]);

    expect((await ledger({ kind: 'order_debit' })).rows.map((r) => r.amount)).toEqual([-2_100]);
    expect((await ledger({ direction: 'credit' })).rows.map((r) => r.amount)).toEqual([500, 10_000]);
    expect((await ledger({ search: 'SO202601' })).total).toBe(2);
    expect((await ledger({ from: chinaDay(1).date, to: chinaDay(1).date })).rows.map((r) => r.amount)).toEqual([-400, -2_100]);
    expect((await ledger({ from: chinaDay(0).date })).total).toBe(1);
    expect((await ledger({ to: chinaDay(2).date })).total).toBe(1);

    const page2 = await ledger({ page: 2, pageSize: 3 });
    expect(page2.rows.map((r) => r.amount)).toEqual([10_000]);
    await expect(ledger({ from: '2026-02-30' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('charts the closing balance of each day with its credits and debits', async () => {
    const series = await callerAs(d.identity).distributor.balance.series({ days: 5 });
    const today = await callerAs(d.identity).distributor.balance.summary();
    expect(series.map((s) => s.day)).toEqual([4, 3, 2, 1, 0].map((n) => chinaDay(n).date));
    expect(series.map((s) => s.balance)).toEqual([0, 10_000, 10_000, 7_500, today.balance]);
    expect(series[1]).toMatchObject({ credits: 10_000, debits: 0 });
    expect(series[3]).toMatchObject({ credits: 0, debits: -2_500 });
  });

  it("answers a mall (the open API's GET /balance) with its own balance, whatever it asks for", async () => {
    const other = await createDistributorAccount(db, { balance: 123 });
    const mall = { db, actor: { kind: 'mall' as const, distributorId: other.distributorId } };
    expect(await getBalance(mall, { distributorId: d.distributorId })).toMatchObject({ balance: 123, currency: 'CNY', pendingTopups: 0 });
  });
});
