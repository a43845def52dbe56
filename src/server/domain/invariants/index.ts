import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/server/db/client';
import { eventsRecorded } from './outbox';
import { debitedOnce, mallOrderNoUnique, refundedOnce } from './orders';
import { billLines, billTotals, earnedOnce } from './settlement';
import { negativeStock, returnedOnce, stockBalance } from './stock';
import { type Breach, type InvariantReport, type InvariantRule, type RecordRef } from './types';
import { topupsCredited } from './topups';
import { ledgerChain, negativeBalance, walletSum } from './wallet';

export { INVARIANT_RULES, type Breach, type InvariantReport, type InvariantRule, type RecordKind, type RecordRef } from './types';

/**
 * The invariants of the hub, each a query over the whole database (types.ts lists them):
 * stock, money, orders, settlement, outbox. `npm run check` prints what this finds; the
 * staff's reconciliation page shows it.
 */
const CHECKS: Record<InvariantRule, (tx: Tx) => Promise<Breach[]>> = {
  'stock.nonnegative': negativeStock,
  'stock.balance': stockBalance,
  'stock.returned_once': returnedOnce,
  'wallet.nonnegative': negativeBalance,
  'wallet.sum': walletSum,
  'wallet.chain': ledgerChain,
  'topup.credited_once': topupsCredited,
  'order.mall_order_no_unique': mallOrderNoUnique,
  'order.debited_once': debitedOnce,
  'order.refunded_once': refundedOnce,
  'earning.once': earnedOnce,
  'bill.total': billTotals,
  'bill.line': billLines,
  'outbox.event': eventsRecorded,
};

/**
 * Checks every invariant and returns the breaches found, each with its rule, a message
 * and the records involved (empty: all hold). All rules run in ONE repeatable-read,
 * read-only transaction: they see one snapshot, so orders, payments and returns
 * committing meanwhile can never show as false breaches, and the check writes nothing.
 * Takes the pool, not a transaction: it opens its own. `rules` narrows it to some rules.
 */
export async function checkInvariants(db: Db, options: { rules?: InvariantRule[] } = {}): Promise<InvariantReport> {
  return db.transaction(
    async (tx) => {
      const [{ now }] = (await tx.execute(sql`SELECT now() AS now`)) as unknown as { now: string | Date }[];
      const rules = selectRules(options.rules);
      return { checkedAt: new Date(now), rules, breaches: await findBreaches(tx, rules) };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * The rules run inside the caller's transaction, as it sees the database (tests break a
 * rule inside a transaction they roll back). Everyone else wants checkInvariants.
 */
export async function findBreaches(tx: Tx, rules: InvariantRule[] = selectRules()): Promise<Breach[]> {
  const breaches: Breach[] = [];
  // One after the other: a transaction is one connection.
  for (const rule of rules) breaches.push(...(await CHECKS[rule](tx)));
  return breaches;
}

function selectRules(only?: InvariantRule[]): InvariantRule[] {
  const all = Object.keys(CHECKS) as InvariantRule[];
  return only ? all.filter((r) => only.includes(r)) : all;
}

/** A record as a person reads it, e.g. `order SO2026…(id 12)`. */
export function describeRecord(r: RecordRef): string {
  const kind = r.kind.replaceAll('_', ' ');
  return r.label === undefined ? `${kind} ${r.id}` : `${kind} ${r.label} (id ${r.id})`;
}

/** The lines `npm run check` prints for one breach. */
export function describeBreach(b: Breach): string[] {
  return [`[${b.rule}] ${b.message}`, `    records: ${b.records.map(describeRecord).join(', ')}`];
}
