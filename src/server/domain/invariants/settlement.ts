import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import type { Breach } from './types';
import { ids, num, rows, yuan } from './sql';

/** Supplier settlement: earnings from completed orders, and bills made of them (domain/settlement). */

/**
 * A supplier item of a completed order earns its owner once: cost price × quantity, plus its
 * freight (recordEarnings). Platform items, items of orders not completed and of test-mode orders earn nothing.
 */
export async function earnedOnce(tx: Tx): Promise<Breach[]> {
  const found = await rows<{
    item_id: string;
    sku_code: string;
    owner_supplier_id: number | null;
    order_id: string;
    order_no: string;
    status: string;
    due: boolean;
    expected_amount: string;
    expected_freight: string;
    earnings: number | null;
    amount: string | null;
    freight: string | null;
    earning_ids: string[] | null;
    earning_suppliers: number[] | null;
  }>(
    tx,
    sql`
      WITH earned AS (
        SELECT order_item_id, count(*)::int AS earnings, sum(amount) AS amount, sum(freight) AS freight,
               array_agg(id ORDER BY id)::text[] AS earning_ids, array_agg(DISTINCT supplier_id) AS earning_suppliers
        FROM supplier_earnings GROUP BY order_item_id
      )
      SELECT i.id::text AS item_id, i.sku_code, i.owner_supplier_id, o.id::text AS order_id, o.order_no, o.status,
             (o.status = 'completed' AND i.owner_supplier_id IS NOT NULL AND NOT o.sandbox) AS due,
             (i.cost_price * i.quantity)::text AS expected_amount, i.freight::text AS expected_freight,
             e.earnings, e.amount::text, e.freight::text, e.earning_ids, e.earning_suppliers
      FROM order_items i
      JOIN orders o ON o.id = i.order_id
      LEFT JOIN earned e ON e.order_item_id = i.id
      WHERE CASE WHEN o.status = 'completed' AND i.owner_supplier_id IS NOT NULL AND NOT o.sandbox
                 THEN e.earnings IS DISTINCT FROM 1 OR e.amount <> i.cost_price * i.quantity OR e.freight <> i.freight
                      OR e.earning_suppliers <> ARRAY[i.owner_supplier_id]
                 ELSE e.earnings IS NOT NULL END
      ORDER BY o.id, i.id`,
  );
  return found.map((r) => {
    const earnings = r.earnings ?? 0;
    const amount = num(r.amount);
    const freight = num(r.freight);
    const expectedAmount = num(r.expected_amount);
    const expectedFreight = num(r.expected_freight);
    const has = earnings === 0 ? 'no earning' : `${earnings} ${earnings === 1 ? 'earning' : 'earnings'} of ${yuan(amount ?? 0)} + freight ${yuan(freight ?? 0)}${r.earning_suppliers?.some((s) => s !== r.owner_supplier_id) ? ' to another supplier' : ''}`;
    const wants = r.due ? `one of ${yuan(expectedAmount)} + freight ${yuan(expectedFreight)}` : `none (${r.owner_supplier_id === null ? 'a platform item' : r.status})`;
    return {
      rule: 'earning.once',
      message: `Order ${r.order_no} (${r.status}), item ${r.item_id} (${r.sku_code}): ${has}, expected ${wants}`,
      records: [
        { kind: 'order', id: num(r.order_id), label: r.order_no },
        { kind: 'order_item', id: num(r.item_id), label: r.sku_code },
        ...(r.owner_supplier_id === null ? [] : [{ kind: 'supplier' as const, id: r.owner_supplier_id }]),
        ...ids(r.earning_ids).map((id) => ({ kind: 'earning' as const, id })),
      ],
      values: { status: r.status, earnings, amount, freight, expectedAmount: r.due ? expectedAmount : null, expectedFreight: r.due ? expectedFreight : null },
    };
  });
}

export async function billTotals(tx: Tx): Promise<Breach[]> {
  const found = await rows<{ id: number; bill_no: string; supplier_id: number; total_amount: string; lines_total: string; lines: number }>(
    tx,
    sql`
      SELECT b.id, b.bill_no, b.supplier_id, b.total_amount::text, coalesce(sum(l.amount), 0)::text AS lines_total, count(l.id)::int AS lines
      FROM supplier_bills b LEFT JOIN bill_lines l ON l.bill_id = b.id
      GROUP BY b.id
      HAVING b.total_amount <> coalesce(sum(l.amount), 0)
      ORDER BY b.id`,
  );
  return found.map((b) => ({
    rule: 'bill.total',
    message: `Bill ${b.bill_no} (bill ${b.id}): total ${yuan(num(b.total_amount))}, but its ${b.lines} ${b.lines === 1 ? 'line sums' : 'lines sum'} to ${yuan(num(b.lines_total))}`,
    records: [
      { kind: 'bill', id: b.id, label: b.bill_no },
      { kind: 'supplier', id: b.supplier_id },
    ],
    values: { totalAmount: num(b.total_amount), linesTotal: num(b.lines_total), lines: b.lines },
  }));
}

export async function billLines(tx: Tx): Promise<Breach[]> {
  const found = await rows<{
    line_id: string;
    bill_id: number;
    bill_no: string;
    bill_supplier_id: number;
    amount: string;
    earning_id: string;
    expected: string;
    earning_supplier_id: number;
    in_period: boolean;
  }>(
    tx,
    sql`
      SELECT l.id::text AS line_id, b.id AS bill_id, b.bill_no, b.supplier_id AS bill_supplier_id, l.amount::text,
             e.id::text AS earning_id, (e.amount + e.freight)::text AS expected, e.supplier_id AS earning_supplier_id,
             (e.earned_at >= b.period_start AND e.earned_at < b.period_end) AS in_period
      FROM bill_lines l
      JOIN supplier_bills b ON b.id = l.bill_id
      JOIN supplier_earnings e ON e.id = l.earning_id
      WHERE l.amount <> e.amount + e.freight OR e.supplier_id <> b.supplier_id OR NOT (e.earned_at >= b.period_start AND e.earned_at < b.period_end)
      ORDER BY b.id, l.id`,
  );
  return found.map((l) => {
    const problems = [
      num(l.amount) !== num(l.expected) ? `line ${yuan(num(l.amount))}, earning ${yuan(num(l.expected))}` : null,
      l.earning_supplier_id !== l.bill_supplier_id ? `the earning is supplier ${l.earning_supplier_id}'s, the bill supplier ${l.bill_supplier_id}'s` : null,
      l.in_period ? null : "the earning falls outside the bill's period",
    ].filter(Boolean);
    return {
      rule: 'bill.line',
      message: `Bill ${l.bill_no}, line ${l.line_id} (earning ${l.earning_id}): ${problems.join('; ')}`,
      records: [
        { kind: 'bill', id: l.bill_id, label: l.bill_no },
        { kind: 'bill_line', id: num(l.line_id) },
        { kind: 'earning', id: num(l.earning_id) },
      ],
      values: { amount: num(l.amount), expected: num(l.expected), billSupplierId: l.bill_supplier_id, earningSupplierId: l.earning_supplier_id, inPeriod: l.in_period ? 1 : 0 },
    };
  });
}
