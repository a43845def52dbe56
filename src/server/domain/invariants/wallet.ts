import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import type { Breach } from './types';
import { num, rows, yuan } from './sql';

/** Money: every balance is its ledger, replayed (schema/wallet.ts). */

export async function negativeBalance(tx: Tx): Promise<Breach[]> {
  const wallets = await rows<{ distributor_id: number; code: string; balance: string }>(
    tx,
    sql`SELECT w.distributor_id, d.code, w.balance::text FROM wallets w JOIN distributors d ON d.id = w.distributor_id WHERE w.balance < 0 ORDER BY w.distributor_id`,
  );
  const entries = await rows<{ id: string; distributor_id: number; code: string; ref: string; balance_after: string }>(
    tx,
    sql`SELECT l.id::text, l.distributor_id, d.code, l.ref, l.balance_after::text FROM ledger_entries l JOIN distributors d ON d.id = l.distributor_id WHERE l.balance_after < 0 ORDER BY l.id`,
  );
  return [
    ...wallets.map((w): Breach => ({
      rule: 'wallet.nonnegative',
      message: `${w.code} (distributor ${w.distributor_id}): balance is ${yuan(num(w.balance))}`,
      records: [{ kind: 'distributor', id: w.distributor_id, label: w.code }],
      values: { balance: num(w.balance) },
    })),
    ...entries.map((e): Breach => ({
      rule: 'wallet.nonnegative',
      message: `${e.code} (distributor ${e.distributor_id}): ledger entry ${e.id} (${e.ref}) leaves the balance at ${yuan(num(e.balance_after))}`,
      records: [
        { kind: 'distributor', id: e.distributor_id, label: e.code },
        { kind: 'ledger_entry', id: num(e.id), label: e.ref },
      ],
      values: { balanceAfter: num(e.balance_after) },
    })),
  ];
}

/** Balance = the sum of the ledger = the last entry's balance_after (and no entries without a wallet). */
export async function walletSum(tx: Tx): Promise<Breach[]> {
  const found = await rows<{ distributor_id: number; code: string; balance: string | null; ledger_sum: string; last_balance_after: string | null; entries: number }>(
    tx,
    sql`
      SELECT d.id AS distributor_id, d.code, w.balance::text,
             coalesce(s.total, 0)::text AS ledger_sum, s.last_balance_after::text, coalesce(s.entries, 0)::int AS entries
      FROM distributors d
      LEFT JOIN wallets w ON w.distributor_id = d.id
      LEFT JOIN LATERAL (
        SELECT sum(amount) AS total, count(*) AS entries,
               (SELECT balance_after FROM ledger_entries x WHERE x.distributor_id = d.id ORDER BY x.id DESC LIMIT 1) AS last_balance_after
        FROM ledger_entries l WHERE l.distributor_id = d.id
      ) s ON true
      WHERE (w.balance IS NULL AND coalesce(s.entries, 0) > 0)
         OR w.balance <> coalesce(s.total, 0)
         OR (s.entries > 0 AND w.balance <> s.last_balance_after)
      ORDER BY d.id`,
  );
  return found.map((r) => {
    const balance = num(r.balance);
    const ledgerSum = num(r.ledger_sum);
    const lastBalanceAfter = num(r.last_balance_after);
    const shown = balance === null ? 'no wallet' : `balance ${yuan(balance)}`;
    const last = lastBalanceAfter === null ? '' : `, last balance_after ${yuan(lastBalanceAfter)}`;
    return {
      rule: 'wallet.sum',
      message: `${r.code} (distributor ${r.distributor_id}): ${shown}, but its ${r.entries} ledger ${r.entries === 1 ? 'entry sums' : 'entries sum'} to ${yuan(ledgerSum)}${last}`,
      records: [{ kind: 'distributor', id: r.distributor_id, label: r.code }],
      values: { balance, ledgerSum, lastBalanceAfter, entries: r.entries },
    };
  });
}

/** Each entry's balance_after follows from the one before it (the first from 0). */
export async function ledgerChain(tx: Tx): Promise<Breach[]> {
  const found = await rows<{ distributor_id: number; code: string; entry_id: string; ref: string; expected: string; balance_after: string }>(
    tx,
    sql`
      SELECT c.distributor_id, d.code, c.id::text AS entry_id, c.ref, (c.before + c.amount)::text AS expected, c.balance_after::text
      FROM (
        SELECT distributor_id, id, ref, amount, balance_after,
               lag(balance_after, 1, 0::bigint) OVER (PARTITION BY distributor_id ORDER BY id) AS before
        FROM ledger_entries
      ) c JOIN distributors d ON d.id = c.distributor_id
      WHERE c.before + c.amount <> c.balance_after
      ORDER BY c.distributor_id, c.id`,
  );
  return found.map((r) => ({
    rule: 'wallet.chain',
    message: `${r.code} (distributor ${r.distributor_id}): ledger entry ${r.entry_id} (${r.ref}) has balance_after ${yuan(num(r.balance_after))}, expected ${yuan(num(r.expected))}`,
    records: [
      { kind: 'distributor', id: r.distributor_id, label: r.code },
      { kind: 'ledger_entry', id: num(r.entry_id), label: r.ref },
    ],
    values: { balanceAfter: num(r.balance_after), expected: num(r.expected) },
  }));
}
