/**
 * The shape of `checkInvariants` (index.ts): what `npm run check` prints and the staff's
 * reconciliation reads. Rule ids are stable: pages key their wording on them.
 */

/** Every rule checked, with what it promises (English; portals word them from the id). */
export const INVARIANT_RULES = {
  'stock.nonnegative': 'No product has negative stock.',
  'stock.balance': 'Per product, the stock put in (the stock record, returns aside) = stock on hand + the quantity held by live orders (pending payment, paid, shipped, completed).',
  'stock.returned_once': 'Every cancelled, expired and refunded order returned the stock of each of its products exactly once, of exactly its quantity; no live order returned any.',
  'wallet.nonnegative': 'No balance and no ledger balance_after is negative.',
  'wallet.sum': "Every distributor's balance = the sum of its ledger entries = its last entry's balance_after.",
  'wallet.chain': "Each ledger entry's balance_after = the previous entry's balance_after (0 for the first) + its amount.",
  'topup.credited_once': "Every approved top-up application is credited exactly once (ledger topup:<id>) with its amount, on its own distributor; no pending, rejected or withdrawn one is credited, and no such credit names a missing application.",
  'order.mall_order_no_unique': 'Each (distributor, mallOrderNo) names at most one order.',
  'order.debited_once': 'Every paid, shipped, completed or refunded order (total > 0) has exactly one order_debit of minus its total on its own distributor; no other order has one, and no debit names an order that does not exist.',
  'order.refunded_once': 'Every refunded order (total > 0) has exactly one refund_credit of its total on its own distributor; no other order has one, and no refund names an order that does not exist.',
  'earning.once': "Every supplier item of a completed order has exactly one earning, to its owner, of cost price × quantity plus its freight; no other item has one.",
  'bill.total': "Every bill's total = the sum of its lines.",
  'bill.line': "Every bill line = its earning's amount + freight, the earning is the bill's supplier's, and it was earned within the bill's period.",
  'outbox.event': 'Every committed change a mall must hear of has its outbox event: each ledger entry its balance.changed; each cancelled, expired, refunded or completed order its order.<status>; each package an order.shipped.',
} as const;

export type InvariantRule = keyof typeof INVARIANT_RULES;

export type RecordKind =
  | 'product'
  | 'stock_movement'
  | 'order'
  | 'order_item'
  | 'distributor'
  | 'ledger_entry'
  | 'topup_request'
  | 'supplier'
  | 'earning'
  | 'bill'
  | 'bill_line';

/**
 * A record a breach involves: its table's kind and internal id, and the name people know it
 * by where there is one (SKU code, order number, distributor code, bill number, ledger ref).
 */
export type RecordRef = { kind: RecordKind; id: number; label?: string };

export type Breach = {
  rule: InvariantRule;
  /** One line a person can act on (English; amounts in yuan). */
  message: string;
  /** The records involved, the main one first. */
  records: RecordRef[];
  /** The figures compared, for pages that word the breach themselves: counts, quantities, fen. */
  values: Record<string, number | string | null>;
};

export type InvariantReport = {
  /** The snapshot's time (the database's clock): every rule saw the database as it was then. */
  checkedAt: Date;
  /** The rules checked (all of INVARIANT_RULES unless narrowed), in order. */
  rules: InvariantRule[];
  /** Empty when everything holds. */
  breaches: Breach[];
};
