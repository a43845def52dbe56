import { sql } from 'drizzle-orm';
import { formatFen } from '@/lib/money';
import type { Db } from '@/server/db/client';

export type LedgerMismatch =
  /** The wallet's balance is not the sum of its entries, or not the last entry's balance_after. */
  | { kind: 'balance'; distributorId: number; code: string; balance: number | null; ledgerSum: number; lastBalanceAfter: number | null; entries: number }
  /** An entry's balance_after is not the previous entry's balance_after plus its amount. */
  | { kind: 'chain'; distributorId: number; code: string; entryId: number; expectedBalanceAfter: number; balanceAfter: number };

/**
 * Checks the money invariant for every distributor: balance = sum of its ledger entries,
 * and each entry's balance_after = the previous one's + its amount (the first starts at 0).
 * Runs in one repeatable-read snapshot, so postings committing meanwhile cannot show as
 * false mismatches.
 */
export async function findLedgerMismatches(db: Db): Promise<LedgerMismatch[]> {
  return db.transaction(
    async (tx) => {
      const balances = await tx.execute<{
        distributor_id: number;
        code: string;
        balance: string | null;
        ledger_sum: string;
        last_balance_after: string | null;
        entries: number;
      }>(sql`
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
        ORDER BY d.id`);
      const chain = await tx.execute<{ distributor_id: number; code: string; entry_id: string; expected: string; balance_after: string }>(sql`
        SELECT c.distributor_id, d.code, c.id::text AS entry_id, (c.before + c.amount)::text AS expected, c.balance_after::text
        FROM (
          SELECT distributor_id, id, amount, balance_after,
                 lag(balance_after, 1, 0::bigint) OVER (PARTITION BY distributor_id ORDER BY id) AS before
          FROM ledger_entries
        ) c JOIN distributors d ON d.id = c.distributor_id
        WHERE c.before + c.amount <> c.balance_after
        ORDER BY c.distributor_id, c.id`);
      const num = (v: string | null) => (v === null ? null : Number(v));
      return [
        ...balances.map((r) => ({
          kind: 'balance' as const,
          distributorId: r.distributor_id,
          code: r.code,
          balance: num(r.balance),
          ledgerSum: Number(r.ledger_sum),
          lastBalanceAfter: num(r.last_balance_after),
          entries: r.entries,
        })),
        ...chain.map((r) => ({
          kind: 'chain' as const,
          distributorId: r.distributor_id,
          code: r.code,
          entryId: Number(r.entry_id),
          expectedBalanceAfter: Number(r.expected),
          balanceAfter: Number(r.balance_after),
        })),
      ];
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** One line a person can act on; amounts in yuan. */
export function describeMismatch(m: LedgerMismatch): string {
  const yuan = (fen: number) => formatFen(fen, { grouping: false });
  if (m.kind === 'balance') {
    const balance = m.balance === null ? 'no wallet' : `balance ${yuan(m.balance)}`;
    const last = m.lastBalanceAfter === null ? '' : `, last balance_after ${yuan(m.lastBalanceAfter)}`;
    return `${m.code} (id ${m.distributorId}): ${balance}, but its ${m.entries} ledger ${m.entries === 1 ? 'entry sums' : 'entries sum'} to ${yuan(m.ledgerSum)}${last}`;
  }
  return `${m.code} (id ${m.distributorId}): ledger entry ${m.entryId} has balance_after ${yuan(m.balanceAfter)}, expected ${yuan(m.expectedBalanceAfter)}`;
}
