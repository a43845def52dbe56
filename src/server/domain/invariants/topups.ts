import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { num, rows, yuan } from './sql';
import type { Breach } from './types';

/**
 * Top-ups against their approvals (wallet/topup-requests.ts): an approved application is
 * credited exactly once, `topup:<request id>` of its amount on its own distributor; a pending,
 * rejected or withdrawn one is credited nothing; and no such credit names an application
 * that does not exist. Staff's direct top-ups (`direct:<key>`) have no application.
 */
export async function topupsCredited(tx: Tx): Promise<Breach[]> {
  const found = await rows<{
    request_id: number | null;
    ref: string | null;
    status: string | null;
    amount: string | null;
    request_distributor: number | null;
    code: string | null;
    credits: number;
    credited: string | null;
    entry_ids: string[] | null;
    entry_distributors: number[] | null;
  }>(
    tx,
    sql`
      WITH credits AS (
        SELECT ref, count(*)::int AS credits, sum(amount) AS credited,
               array_agg(id::text ORDER BY id) AS entry_ids, array_agg(DISTINCT distributor_id) AS entry_distributors
        FROM ledger_entries WHERE kind = 'topup' AND ref LIKE 'topup:%'
        GROUP BY ref
      )
      SELECT r.id AS request_id, coalesce(c.ref, 'topup:' || r.id) AS ref, r.status::text, r.amount::text,
             r.distributor_id AS request_distributor, d.code,
             coalesce(c.credits, 0) AS credits, c.credited::text, c.entry_ids, c.entry_distributors
      FROM topup_requests r
      JOIN distributors d ON d.id = r.distributor_id
      FULL JOIN credits c ON c.ref = 'topup:' || r.id
      WHERE (r.id IS NULL)
         OR (r.status = 'approved' AND (coalesce(c.credits, 0) <> 1 OR c.credited <> r.amount OR c.entry_distributors <> ARRAY[r.distributor_id]))
         OR (r.status <> 'approved' AND coalesce(c.credits, 0) > 0)
      ORDER BY r.id NULLS LAST, c.ref`,
  );
  return found.map((r): Breach => {
    const entries = (r.entry_ids ?? []).map((id) => ({ kind: 'ledger_entry' as const, id: Number(id), label: r.ref ?? undefined }));
    const values = { status: r.status, amount: num(r.amount), credits: r.credits, credited: num(r.credited) };
    if (r.request_id === null) {
      return { rule: 'topup.credited_once', message: `ledger ${r.ref} credits a top-up application that does not exist`, records: entries, values };
    }
    const request = { kind: 'topup_request' as const, id: r.request_id, label: r.code ?? undefined };
    const distributor = { kind: 'distributor' as const, id: r.request_distributor!, label: r.code ?? undefined };
    const credited = r.credits === 0 ? 'no credit' : `${r.credits} credit(s) of ${yuan(num(r.credited)!)} in all`;
    const message =
      r.status === 'approved'
        ? `${r.code}: approved top-up application ${r.request_id} of ${yuan(num(r.amount)!)} has ${credited}${r.credits > 0 && r.entry_distributors?.some((x) => x !== r.request_distributor) ? ' (on another distributor)' : ''}`
        : `${r.code}: top-up application ${r.request_id} is ${r.status}, yet has ${credited}`;
    return { rule: 'topup.credited_once', message, records: [request, distributor, ...entries], values };
  });
}
