import { sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import type { Breach } from './types';
import { ids, LIVE_STATUSES, num, RETURNED_STATUSES, rows } from './sql';

/**
 * Stock (schema/inventory.ts): the stock record of what was put in and given back, against
 * what products hold and orders reserved (their lines are the record of reservations).
 */

export async function negativeStock(tx: Tx): Promise<Breach[]> {
  const found = await rows<{ id: number; sku_code: string; stock: number }>(tx, sql`SELECT id, sku_code, stock FROM products WHERE stock < 0 ORDER BY id`);
  return found.map((p) => ({
    rule: 'stock.nonnegative',
    message: `${p.sku_code} (product ${p.id}): stock is ${p.stock}`,
    records: [{ kind: 'product', id: p.id, label: p.sku_code }],
    values: { stock: p.stock },
  }));
}

/**
 * Per product: stocked (every movement but returns) = on hand + held by live orders. A
 * return counted twice, or never, or a stock change made without its movement, shows here.
 */
export async function stockBalance(tx: Tx): Promise<Breach[]> {
  const found = await rows<{ id: number; sku_code: string; stock: number; stocked: string; held: string }>(
    tx,
    sql.raw(`
      WITH put AS (
        SELECT product_id, sum(delta) AS stocked FROM stock_movements WHERE kind <> 'returned' GROUP BY product_id
      ), held AS (
        SELECT i.product_id, sum(i.quantity) AS held
        FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE o.status IN ${LIVE_STATUSES} AND NOT o.sandbox
        GROUP BY i.product_id
      )
      SELECT p.id, p.sku_code, p.stock, coalesce(put.stocked, 0)::text AS stocked, coalesce(held.held, 0)::text AS held
      FROM products p
      LEFT JOIN put ON put.product_id = p.id
      LEFT JOIN held ON held.product_id = p.id
      WHERE coalesce(put.stocked, 0) <> p.stock + coalesce(held.held, 0)
      ORDER BY p.id`),
  );
  return found.map((p) => {
    const stocked = num(p.stocked);
    const held = num(p.held);
    return {
      rule: 'stock.balance',
      message: `${p.sku_code} (product ${p.id}): stocked ${stocked}, but on hand ${p.stock} + held by live orders ${held} = ${p.stock + held} (${p.stock + held - stocked > 0 ? '+' : ''}${p.stock + held - stocked})`,
      records: [{ kind: 'product', id: p.id, label: p.sku_code }],
      values: { stocked, onHand: p.stock, held, difference: p.stock + held - stocked },
    };
  });
}

/**
 * Per order and product: a cancelled, expired or refunded order has exactly one return, of
 * the quantity it ordered; a live order has none.
 */
export async function returnedOnce(tx: Tx): Promise<Breach[]> {
  const found = await rows<{
    order_id: string;
    order_no: string;
    status: string;
    product_id: number;
    sku_code: string;
    quantity: string | null;
    returns: number | null;
    returned: string | null;
    movement_ids: string[] | null;
  }>(
    tx,
    sql.raw(`
      WITH lines AS (
        SELECT order_id, product_id, sum(quantity) AS quantity FROM order_items GROUP BY order_id, product_id
      ), returns AS (
        SELECT order_id, product_id, count(*)::int AS returns, sum(delta) AS returned, array_agg(id ORDER BY id) AS movement_ids
        FROM stock_movements WHERE kind = 'returned' GROUP BY order_id, product_id
      )
      SELECT o.id::text AS order_id, o.order_no, o.status, p.id AS product_id, p.sku_code,
             l.quantity::text AS quantity, r.returns, r.returned::text AS returned, r.movement_ids::text[] AS movement_ids
      FROM lines l
      FULL JOIN returns r ON r.order_id = l.order_id AND r.product_id = l.product_id
      JOIN orders o ON o.id = coalesce(l.order_id, r.order_id)
      JOIN products p ON p.id = coalesce(l.product_id, r.product_id)
      WHERE CASE WHEN o.sandbox THEN r.returns IS NOT NULL
                 WHEN o.status IN ${RETURNED_STATUSES}
                 THEN r.returns IS DISTINCT FROM 1 OR r.returned IS DISTINCT FROM l.quantity
                 ELSE r.returns IS NOT NULL END
      ORDER BY o.id, p.id`),
  );
  return found.map((r) => {
    const orderId = num(r.order_id);
    const quantity = num(r.quantity) ?? 0;
    const returned = num(r.returned) ?? 0;
    const returns = r.returns ?? 0;
    const what =
      quantity === 0
        ? `returned ${returned} of ${r.sku_code}, which it never ordered`
        : r.status === 'cancelled' || r.status === 'expired' || r.status === 'refunded'
          ? `ordered ${quantity} of ${r.sku_code} and returned ${returned} in ${returns} ${returns === 1 ? 'return' : 'returns'} (expected ${quantity} in 1)`
          : `still holds ${quantity} of ${r.sku_code}, yet returned ${returned} in ${returns} ${returns === 1 ? 'return' : 'returns'}`;
    return {
      rule: 'stock.returned_once',
      message: `Order ${r.order_no} (${r.status}) ${what}`,
      records: [
        { kind: 'order', id: orderId, label: r.order_no },
        { kind: 'product', id: r.product_id, label: r.sku_code },
        ...ids(r.movement_ids).map((id) => ({ kind: 'stock_movement' as const, id })),
      ],
      values: { status: r.status, quantity, returned, returns },
    };
  });
}
