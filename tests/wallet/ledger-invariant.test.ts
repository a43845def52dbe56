import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ledgerEntries, wallets } from '@/server/db/schema';
import { DomainError } from '@/server/domain/errors';
import { checkInvariants } from '@/server/domain/invariants';
import { postLedgerEntry } from '@/server/domain/wallet/ledger';
import { adjustBalance, topUpDirectly } from '@/server/domain/wallet/staff-postings';
import { approveTopup, requestTopup } from '@/server/domain/wallet/topup-requests';
import type { Db } from '@/server/db/client';
import { racingDb, testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff } from '@tests/support/factories';

/**
 * The money invariant under any mix of steps: the balance is the sum of the ledger, every
 * balance_after chains, nothing goes below zero, and a refused step changes nothing. Order
 * debits and refunds go through postLedgerEntry exactly as the order verbs do.
 */
const db = testDb();
const race = racingDb(6);
afterAll(() => race.$client.end());

type Op =
  | { op: 'directTopup'; amount: number }
  | { op: 'requestAndApprove'; amount: number }
  | { op: 'adjust'; direction: 'up' | 'down'; amount: number }
  | { op: 'orderDebit'; order: number; amount: number }
  | { op: 'refund'; order: number }
  /** A retry of an earlier step: must change nothing. */
  | { op: 'repeatDebit'; order: number };

const amount = fc.integer({ min: 1, max: 50_000 });
const order = fc.integer({ min: 1, max: 8 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('directTopup' as const), amount }),
  fc.record({ op: fc.constant('requestAndApprove' as const), amount }),
  fc.record({ op: fc.constant('adjust' as const), direction: fc.constantFrom('up' as const, 'down' as const), amount }),
  fc.record({ op: fc.constant('orderDebit' as const), order, amount }),
  fc.record({ op: fc.constant('refund' as const), order }),
  fc.record({ op: fc.constant('repeatDebit' as const), order }),
);

type World = {
  staff: Awaited<ReturnType<typeof createStaff>>;
  d: Awaited<ReturnType<typeof createDistributorAccount>>;
  run: string;
  debited: Map<number, number>;
};

async function perform(database: Db, w: World, step: Op): Promise<void> {
  const staffCtx = { db: database, actor: w.staff.actor };
  const distributorId = w.d.distributorId;
  const orderRef = (n: number) => `order:${w.run}-${n}`;
  switch (step.op) {
    case 'directTopup':
      await topUpDirectly(staffCtx, { distributorId, amount: step.amount, note: '', requestKey: randomUUID() });
      return;
    case 'requestAndApprove': {
      const request = await requestTopup({ db: database, actor: w.d.actor }, {
        amount: step.amount,
        paymentMethod: 'bank_transfer',
        paymentReference: 'R',
        proofImage: null,
        note: '',
      });
      await approveTopup(staffCtx, { id: request.id });
      return;
    }
    case 'adjust':
      await adjustBalance(staffCtx, { distributorId, direction: step.direction, amount: step.amount, reason: 'property', requestKey: randomUUID() });
      return;
    case 'orderDebit': {
      const posted = await database.transaction((tx) => postLedgerEntry(tx, { distributorId, kind: 'order_debit', amount: -step.amount, ref: orderRef(step.order) }));
      if (posted.applied) w.debited.set(step.order, step.amount);
      return;
    }
    case 'repeatDebit': {
      const amountDebited = w.debited.get(step.order);
      if (amountDebited === undefined) return;
      await database.transaction((tx) => postLedgerEntry(tx, { distributorId, kind: 'order_debit', amount: -amountDebited, ref: orderRef(step.order) }));
      return;
    }
    case 'refund': {
      const amountDebited = w.debited.get(step.order);
      if (amountDebited === undefined) return; // nothing paid, nothing to refund
      await database.transaction((tx) => postLedgerEntry(tx, { distributorId, kind: 'refund_credit', amount: amountDebited, ref: orderRef(step.order) }));
      return;
    }
  }
}

/** A refused step must be refused for want of money, never for anything else. */
async function performAllowingRefusal(database: Db, w: World, step: Op) {
  try {
    await perform(database, w, step);
  } catch (e) {
    if (!(e instanceof DomainError && e.code === 'INSUFFICIENT_BALANCE')) throw e;
  }
}

async function expectInvariant(distributorId: number) {
  const [w] = await db.select({ balance: wallets.balance }).from(wallets).where(eq(wallets.distributorId, distributorId));
  const [{ total, negatives }] = await db
    .select({ total: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)::text`, negatives: sql<number>`count(*) filter (where ${ledgerEntries.balanceAfter} < 0)::int` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.distributorId, distributorId));
  expect(w.balance).toBe(Number(total));
  expect(w.balance).toBeGreaterThanOrEqual(0);
  expect(negatives).toBe(0);
  // The money rules of `npm run check` agree (the steps' debits name no real order, so the order rules are not asked).
  const { breaches } = await checkInvariants(db, { rules: ['wallet.nonnegative', 'wallet.sum', 'wallet.chain'] });
  expect(breaches.filter((b) => b.records.some((r) => r.kind === 'distributor' && r.id === distributorId))).toEqual([]);
}

describe('the ledger invariant (property-based)', () => {
  it('holds after every step of a random sequence of top-ups, adjustments, debits and refunds', async () => {
    const staff = await createStaff();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const w: World = { staff, d: await createDistributorAccount(db), run: randomUUID(), debited: new Map() };
        for (const step of ops) {
          await performAllowingRefusal(db, w, step);
          await expectInvariant(w.d.distributorId);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('holds when the same random steps run concurrently on separate connections', async () => {
    const staff = await createStaff();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 2, maxLength: 16 }), async (ops) => {
        const w: World = { staff, d: await createDistributorAccount(db), run: randomUUID(), debited: new Map() };
        // Every step at once, twice over: the second round also retries the first's debits and finds debits to refund.
        await Promise.all(ops.map((step) => performAllowingRefusal(race, w, step)));
        await Promise.all(ops.map((step) => performAllowingRefusal(race, w, step)));
        await expectInvariant(w.d.distributorId);
      }),
      { numRuns: 15 },
    );
  });
});
