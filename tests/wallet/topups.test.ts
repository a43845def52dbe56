import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ledgerEntries, outboxEvents, topupRequests, wallets } from '@/server/db/schema';
import { DomainError } from '@/server/domain/errors';
import { adjustBalance, topUpDirectly } from '@/server/domain/wallet/staff-postings';
import { approveTopup, rejectTopup, requestTopup, withdrawTopup } from '@/server/domain/wallet/topup-requests';
import { racingDb, testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const db = testDb();
const race = racingDb(10);
afterAll(() => race.$client.end());

async function balanceOf(distributorId: number) {
  const [w] = await db.select({ balance: wallets.balance }).from(wallets).where(eq(wallets.distributorId, distributorId));
  return w.balance;
}
const entriesOf = (distributorId: number) => db.select().from(ledgerEntries).where(eq(ledgerEntries.distributorId, distributorId));

async function apply(d: Awaited<ReturnType<typeof createDistributorAccount>>, amount: number) {
  return requestTopup(d.ctx, { amount, paymentMethod: 'bank_transfer', paymentReference: `BANK-${randomUUID().slice(0, 8)}`, proofImage: null, note: '' });
}

describe('top-up requests', () => {
  it('credits the balance once when approved, with a ledger entry that names the request', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    const request = await apply(d, 50_000);
    expect(request.status).toBe('pending');
    expect(await balanceOf(d.distributorId)).toBe(0);

    const approved = await approveTopup(staff.ctx, { id: request.id });
    expect(approved).toMatchObject({ credited: true, balanceAfter: 50_000 });
    expect(await balanceOf(d.distributorId)).toBe(50_000);
    const [entry] = await entriesOf(d.distributorId);
    expect(entry).toMatchObject({ kind: 'topup', amount: 50_000, balanceAfter: 50_000, ref: `topup:${request.id}`, createdByUserId: staff.userId });

    // Approving again (a second click, a retry) answers with the request and credits nothing.
    const again = await approveTopup(staff.ctx, { id: request.id });
    expect(again.credited).toBe(false);
    expect(await balanceOf(d.distributorId)).toBe(50_000);
    expect(await entriesOf(d.distributorId)).toHaveLength(1);
  });

  it('credits once when many staff approve the same request at the same instant', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    const request = await apply(d, 12_345);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => approveTopup({ db: race, actor: staff.actor }, { id: request.id })));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const credited = results.filter((r) => r.status === 'fulfilled' && r.value.credited);
    expect(credited).toHaveLength(1);
    expect(await balanceOf(d.distributorId)).toBe(12_345);
    expect(await entriesOf(d.distributorId)).toHaveLength(1);
  });

  it('never credits a rejected request, and never rejects an approved one', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    const rejected = await apply(d, 1000);
    await rejectTopup(staff.ctx, { id: rejected.id, reason: '未收到款项' });
    await expect(approveTopup(staff.ctx, { id: rejected.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const approved = await apply(d, 2000);
    await approveTopup(staff.ctx, { id: approved.id });
    await expect(rejectTopup(staff.ctx, { id: approved.id, reason: 'x' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await balanceOf(d.distributorId)).toBe(2000);
  });

  it('when approval and rejection race, exactly one wins and the balance matches it', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    const request = await apply(d, 7_000);
    const ctx = { db: race, actor: staff.actor };
    const results = await Promise.allSettled([
      approveTopup(ctx, { id: request.id }),
      rejectTopup(ctx, { id: request.id, reason: 'race' }),
      approveTopup(ctx, { id: request.id }),
      rejectTopup(ctx, { id: request.id, reason: 'race' }),
    ]);
    const balance = await balanceOf(d.distributorId);
    const approvedWon = results.some((r) => r.status === 'fulfilled' && 'credited' in r.value && r.value.credited);
    expect(balance).toBe(approvedWon ? 7_000 : 0);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('INVALID_STATE');
  });

  it('lets the distributor withdraw its own pending application: never credited afterwards, and only while pending', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    const request = await apply(d, 8_800);
    const withdrawn = await withdrawTopup(d.ctx, { id: request.id });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', reviewedByUserId: d.userId });
    // Again (a double click) answers with it; staff can neither approve nor reject it now.
    expect((await withdrawTopup(d.ctx, { id: request.id })).status).toBe('withdrawn');
    await expect(approveTopup(staff.ctx, { id: request.id })).rejects.toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/withdrawn/) });
    await expect(rejectTopup(staff.ctx, { id: request.id, reason: 'x' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await balanceOf(d.distributorId)).toBe(0);
    // An approved one cannot be withdrawn.
    const approved = await apply(d, 1_000);
    await approveTopup(staff.ctx, { id: approved.id });
    await expect(withdrawTopup(d.ctx, { id: approved.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await balanceOf(d.distributorId)).toBe(1_000);
  });

  it('when a withdrawal and approvals race, exactly one wins and the balance matches it', async () => {
    const staff = await createStaff();
    for (let round = 0; round < 5; round++) {
      const d = await createDistributorAccount();
      const request = await apply(d, 6_000);
      const results = await Promise.allSettled([
        approveTopup({ db: race, actor: staff.actor }, { id: request.id }),
        withdrawTopup({ db: race, actor: d.actor }, { id: request.id }),
        approveTopup({ db: race, actor: staff.actor }, { id: request.id }),
        withdrawTopup({ db: race, actor: d.actor }, { id: request.id }),
      ]);
      const [final] = await db.select().from(topupRequests).where(eq(topupRequests.id, request.id));
      expect(['approved', 'withdrawn']).toContain(final.status);
      expect(await balanceOf(d.distributorId)).toBe(final.status === 'approved' ? 6_000 : 0);
      expect(await entriesOf(d.distributorId)).toHaveLength(final.status === 'approved' ? 1 : 0);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('INVALID_STATE');
    }
  });

  it('is refused through the router without a payment reference, and a rejection without a reason', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    await expect(
      callerAs(d.identity).distributor.balance.applyTopup({ amount: 100, paymentMethod: 'alipay', paymentReference: ' ', note: '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      callerAs(d.identity).distributor.balance.applyTopup({ amount: 0, paymentMethod: 'alipay', paymentReference: 'X', note: '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const request = await apply(d, 100);
    await expect(callerAs(staff.identity).admin.wallet.rejectTopup({ id: request.id, reason: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lists applications newest first, or by amount either way, across pages, for staff and the distributor alike', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    const [middle, small, large, alsoSmall] = [await apply(d, 5_000), await apply(d, 100), await apply(d, 90_000), await apply(d, 100)];
    const staffIds = async (input: object) =>
      (await callerAs(staff.identity).admin.wallet.topupRequests({ distributorId: d.distributorId, ...input })).rows.map((r) => r.id);
    const ownIds = async (input: object) => (await callerAs(d.identity).distributor.balance.topupRequests(input)).rows.map((r) => r.id);
    expect(await staffIds({})).toEqual([alsoSmall.id, large.id, small.id, middle.id]);
    // Equal amounts keep the id's order in the same direction.
    expect(await staffIds({ sort: 'amount', dir: 'desc' })).toEqual([large.id, middle.id, alsoSmall.id, small.id]);
    expect(await staffIds({ sort: 'amount', dir: 'asc' })).toEqual([small.id, alsoSmall.id, middle.id, large.id]);
    expect(await staffIds({ sort: 'amount', dir: 'asc', pageSize: 3, page: 2 })).toEqual([large.id]);
    expect(await ownIds({ sort: 'amount', dir: 'desc', pageSize: 2 })).toEqual([large.id, middle.id]);
    await expect(ownIds({ sort: 'status' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('staff postings', () => {
  it('tops up directly once per request key, even when the form is submitted twice', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    const input = { distributorId: d.distributorId, amount: 30_000, note: '线下转账', requestKey: randomUUID() };
    await Promise.all([topUpDirectly({ db: race, actor: staff.actor }, input), topUpDirectly({ db: race, actor: staff.actor }, input)]);
    expect(await balanceOf(d.distributorId)).toBe(30_000);
    await expect(topUpDirectly(staff.ctx, { ...input, amount: 40_000 })).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('adjusts up and down with the reason on the entry, and never below zero', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount(db, { balance: 10_000 });
    await adjustBalance(staff.ctx, { distributorId: d.distributorId, direction: 'down', amount: 2_500, reason: '运费补扣', requestKey: randomUUID() });
    await adjustBalance(staff.ctx, { distributorId: d.distributorId, direction: 'up', amount: 500, reason: '售后补偿', requestKey: randomUUID() });
    expect(await balanceOf(d.distributorId)).toBe(8_000);
    await expect(
      adjustBalance(staff.ctx, { distributorId: d.distributorId, direction: 'down', amount: 8_001, reason: 'too much', requestKey: randomUUID() }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect(await balanceOf(d.distributorId)).toBe(8_000);
    const notes = (await entriesOf(d.distributorId)).filter((e) => e.kind === 'adjustment').map((e) => [e.amount, e.note]);
    expect(notes).toEqual([
      [-2_500, '运费补扣'],
      [500, '售后补偿'],
    ]);
    await expect(
      callerAs(staff.identity).admin.wallet.adjust({ distributorId: d.distributorId, direction: 'up', amount: 1, reason: '', requestKey: randomUUID() }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('never drives a balance negative when many downward adjustments race', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount(db, { balance: 10_000 });
    const ctx = { db: race, actor: staff.actor };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        adjustBalance(ctx, { distributorId: d.distributorId, direction: 'down', amount: 1_500, reason: '并发扣减', requestKey: randomUUID() }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    // 10,000 covers six deductions of 1,500 and not a seventh.
    expect(ok).toHaveLength(6);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('INSUFFICIENT_BALANCE');
    expect(await balanceOf(d.distributorId)).toBe(1_000);
    const entries = await entriesOf(d.distributorId);
    expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(1_000);
    expect(entries.every((e) => e.balanceAfter >= 0)).toBe(true);
  });

  it('tells the mall about each applied change (balance.changed), and nothing about a repeat', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount();
    const input = { distributorId: d.distributorId, amount: 8_800, note: '', requestKey: randomUUID() };
    await topUpDirectly(staff.ctx, input);
    await topUpDirectly(staff.ctx, input);
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.distributorId, d.distributorId));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('balance.changed');
    expect(events[0].data).toEqual({
      balance: 8_800,
      entry: { kind: 'topup', amount: 8_800, balanceAfter: 8_800, ref: `direct:${input.requestKey}` },
    });
  });
});
