import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import type { Breach, InvariantRule } from './types';
import { ids, num, rows, yuan } from './sql';

/** Orders: one per mall order number, and money moved once for each (domain/orders). */

export async function mallOrderNoUnique(tx: Tx): Promise<Breach[]> {
  const found = await rows<{ distributor_id: number; code: string; mall_order_no: string; order_ids: string[]; order_nos: string[] }>(
    tx,
    sql`
      SELECT o.distributor_id, d.code, o.mall_order_no, array_agg(o.id ORDER BY o.id)::text[] AS order_ids, array_agg(o.order_no ORDER BY o.id) AS order_nos
      FROM orders o JOIN distributors d ON d.id = o.distributor_id
      GROUP BY o.distributor_id, d.code, o.mall_order_no
      HAVING count(*) > 1
      ORDER BY o.distributor_id, o.mall_order_no`,
  );
  return found.map((r) => ({
    rule: 'order.mall_order_no_unique',
    message: `${r.code} (distributor ${r.distributor_id}): mallOrderNo ${r.mall_order_no} names ${r.order_nos.length} orders: ${r.order_nos.join(', ')}`,
    records: [{ kind: 'distributor', id: r.distributor_id, label: r.code }, ...ids(r.order_ids).map((id, i) => ({ kind: 'order' as const, id, label: r.order_nos[i] }))],
    values: { mallOrderNo: r.mall_order_no, orders: r.order_nos.length },
  }));
}

type Posting = {
  rule: InvariantRule;
  kind: 'order_debit' | 'refund_credit';
  /** The statuses in which the order must carry this posting (when its total is above zero). */
  statuses: string;
  /** The posting's amount, as an SQL expression of the order `o`. */
  amount: string;
  what: string;
};

const DEBIT: Posting = { rule: 'order.debited_once', kind: 'order_debit', statuses: `('paid', 'shipped', 'completed', 'refunded')`, amount: '-o.total_amount', what: 'debit' };
const REFUND: Posting = { rule: 'order.refunded_once', kind: 'refund_credit', statuses: `('refunded')`, amount: 'o.total_amount', what: 'refund credit' };

export const debitedOnce = (tx: Tx) => postedOnce(tx, DEBIT);
export const refundedOnce = (tx: Tx) => postedOnce(tx, REFUND);

/**
 * An order's debit and its refund are ledger entries with the reference `order:<orderNo>`
 * (orderLedgerRef, domain/orders/release.ts). Each order is matched with its entries of
 * the kind: the ones it must have (exactly one, of the right amount, on its own wallet),
 * the ones it must not, and entries naming no order at all.
 */
async function postedOnce(tx: Tx, p: Posting): Promise<Breach[]> {
  const found = await rows<{
    order_id: string | null;
    order_no: string | null;
    status: string | null;
    distributor_id: number | null;
    code: string | null;
    total_amount: string | null;
    expected: string | null;
    ref: string;
    entries: number | null;
    amount: string | null;
    entry_ids: string[] | null;
    entry_distributors: number[] | null;
  }>(
    tx,
    sql.raw(`
      WITH posted AS (
        SELECT ref, count(*)::int AS entries, sum(amount) AS amount, array_agg(id ORDER BY id)::text[] AS entry_ids,
               array_agg(DISTINCT distributor_id) AS entry_distributors
        FROM ledger_entries WHERE kind = '${p.kind}' GROUP BY ref
      ), due AS (
        SELECT o.*, o.status IN ${p.statuses} AND o.total_amount > 0 AND NOT o.sandbox AS due FROM orders o
      )
      SELECT o.id::text AS order_id, o.order_no, o.status, o.distributor_id, d.code, o.total_amount::text,
             CASE WHEN o.due THEN (${p.amount})::text END AS expected,
             coalesce(e.ref, 'order:' || o.order_no) AS ref, e.entries, e.amount::text, e.entry_ids, e.entry_distributors
      FROM due o
      FULL JOIN posted e ON e.ref = 'order:' || o.order_no
      LEFT JOIN distributors d ON d.id = o.distributor_id
      WHERE o.id IS NULL
         OR CASE WHEN o.due
                 THEN e.entries IS DISTINCT FROM 1 OR e.amount <> ${p.amount} OR e.entry_distributors <> ARRAY[o.distributor_id]
                 ELSE e.entries IS NOT NULL END
      ORDER BY o.id NULLS FIRST, e.ref`),
  );
  return found.map((r): Breach => {
    const entryRecords = ids(r.entry_ids).map((id) => ({ kind: 'ledger_entry' as const, id, label: r.ref }));
    const entries = r.entries ?? 0;
    const amount = num(r.amount);
    if (r.order_id === null) {
      return {
        rule: p.rule,
        message: `${entries} ${p.kind} ${entries === 1 ? 'entry' : 'entries'} (${r.ref}) name no order`,
        records: entryRecords,
        values: { ref: r.ref, entries, amount },
      };
    }
    const expected = num(r.expected);
    const has = entries === 0 ? `no ${p.what}` : `${entries} ${p.what}${entries === 1 ? '' : 's'} of ${yuan(amount ?? 0)} in all${r.entry_distributors && r.entry_distributors.some((d) => d !== r.distributor_id) ? ', on another wallet' : ''}`;
    const wants = expected === null ? `none (${r.status}${num(r.total_amount) === 0 ? ', total 0' : ''})` : `one of ${yuan(expected)}`;
    return {
      rule: p.rule,
      message: `Order ${r.order_no} (${r.status}) of ${r.code}: ${has}, expected ${wants}`,
      records: [
        { kind: 'order', id: num(r.order_id), label: r.order_no! },
        { kind: 'distributor', id: r.distributor_id!, label: r.code! },
        ...entryRecords,
      ],
      values: { status: r.status, totalAmount: num(r.total_amount), expected, entries, amount },
    };
  });
}
