import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { agreedUnitPrice, lineAmount, sumFen } from '@/lib/money';
import { env } from '@/server/config/env';
import type { DbOrTx } from '@/server/db/client';
import { Batcher } from '@/server/db/batch';
import { poolOf, prepared, sqlText } from '@/server/db/prepared';
import { orders, products } from '@/server/db/schema';
import type { AdmittedRead } from '@/server/open-api/rate-limit';
import { offeredTo } from '../catalog/visibility';
import type { MallCtx } from '../context';
import { DomainError, findPgError, notFound } from '../errors';
import { markSoldOut } from '../inventory/stock-rules';
import { loadMallOrder, toMallOrder, type MallOrder } from './mall-order';
import type { CreateOrderInput } from './schemas';

/**
 * Order creation (docs/open-api.md "Creating an order"): every item reserved or none, the
 * prices of the moment snapshotted per item, idempotent on the mall's order number.
 *
 * Shaped for the hot product of a flash sale (BENCHMARKS.md), in two steps:
 * 1. planning: the reads that need no lock (the distributor, its balance, an earlier order
 *    with this number, the products, the prices, fresh order ids), in the open API request's
 *    admission (nonce, rate limit: open-api/rate-limit.ts `admitAndRead`), one prepared
 *    statement for the requests that arrive together. Anything wrong with the order is
 *    refused here.
 * 2. placing, in a group: orders planned for the same products while a group of theirs is
 *    being placed wait and go together in the next (db/batch.ts), as ONE statement,
 *    `hub_place_orders` (drizzle/0013, 0016, 0019): it decides each order alone in arrival
 *    order (all its lines fit the stock left, at the listing it was priced on, or it is
 *    refused alone), writes the placed ones with their lines and audit rows, updates each
 *    product once for the whole group and queues its stock announcement. A group whose
 *    every order is placed is written first and checked as a whole once its products are
 *    locked, so the lock is held for the check, the update and the commit only; any other
 *    group is decided order by order under the lock. One transaction and one commit for the
 *    group, where each order used to wait for the previous order's commit on the product row.
 * A mall is answered only after its group committed. If the process dies before, nothing
 * of the group stays; after, the mall's retry finds its order by mallOrderNo.
 */

export type CreateOrderResult = { order: MallOrder; created: boolean };

/** What an order needs of a product (prices in fen). */
type ProductRow = {
  id: number;
  skuCode: string;
  title: string;
  status: (typeof products.$inferSelect)['status'];
  stock: number;
  minQuantity: number;
  supplyPrice: number | null;
  costPrice: number;
  freight: number;
  ownerSupplierId: number | null;
};

type PlannedLine = {
  product: ProductRow;
  quantity: number;
  unitPrice: number;
  amount: number;
  freight: number;
};

type Plan = {
  feeBps: number;
  /** The distributor's level, read with its fee rate: the order records the level it was priced at. */
  levelId: number;
  lines: PlannedLine[];
  goodsAmount: number;
  freight: number;
  totalAmount: number;
  /** Taken from the sequences up front, so that nothing in the transaction waits on them. */
  orderId: number;
  orderNo: string;
};

/** A product short of stock at the moment of reservation. */
type Shortage = { productId: number; skuCode: string; requested: number; available: number };

class StockShort extends Error {
  constructor(readonly shortages: Shortage[]) {
    super('stock short');
  }
}

/** The listing (price, status, minimum) moved between our read and the reservation: plan again. */
class ListingChanged extends Error {}

class AlreadyPlaced extends Error {
  constructor(readonly existing: { id: number; orderNo: string; requestHash: string }) {
    super('already placed');
  }
}

const MAX_PLAN_ATTEMPTS = 3;

export type CreateOrderOptions = {
  /**
   * The open API request's admission (nonce, rate limit: open-api/verify.ts `admitWith`),
   * with the order's planning reads in its own statement: read only once the request is
   * admitted, and before anything is decided on them or written.
   */
  admitWith?: <Item, Out>(read: AdmittedRead<Item, Out>, item: Item) => Promise<Out>;
};

export async function createOrder(ctx: MallCtx, input: CreateOrderInput, options: CreateOrderOptions = {}): Promise<CreateOrderResult> {
  const requestHash = hashOrderRequest(input);
  for (let attempt = 1; ; attempt++) {
    try {
      const plan = await planOrder(ctx.db, ctx.actor.distributorId, input, attempt === 1 ? options.admitWith : undefined);
      return await placeOrder(ctx.db, ctx.actor.distributorId, input, plan, requestHash);
    } catch (error) {
      if (error instanceof AlreadyPlaced) return replay(ctx.db, error.existing, requestHash);
      if (error instanceof ListingChanged && attempt < MAX_PLAN_ATTEMPTS) continue;
      if (error instanceof StockShort) {
        // The order was not placed; the withdrawal of what ran out is a step of its own.
        await withdrawShortProducts(ctx.db, error.shortages);
        throw outOfStock(error.shortages);
      }
      if (error instanceof ListingChanged) {
        throw new DomainError('PRODUCT_UNAVAILABLE', 'The products changed while the order was being placed; please retry', {});
      }
      throw error;
    }
  }
}

/**
 * SHA-256 of the request as parsed (keys sorted, defaults filled): a retry of the same
 * order matches however its JSON was spaced or ordered.
 */
export function hashOrderRequest(input: CreateOrderInput): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The order a distributor already placed under this mall order number, if any (test-mode orders too). */
export async function findByMallOrderNo(db: DbOrTx, distributorId: number, mallOrderNo: string) {
  const [row] = await db
    .select({ id: orders.id, orderNo: orders.orderNo, requestHash: orders.requestHash })
    .from(orders)
    .where(and(eq(orders.distributorId, distributorId), eq(orders.mallOrderNo, mallOrderNo)));
  return row;
}

/** A mall order number sent again: the same request is the same order; a different one is IDEMPOTENCY_CONFLICT. */
export async function replay(db: DbOrTx, existing: { id: number; orderNo: string; requestHash: string }, requestHash: string): Promise<CreateOrderResult> {
  if (existing.requestHash !== requestHash) {
    throw new DomainError('IDEMPOTENCY_CONFLICT', 'This mallOrderNo was used before with a different request', { orderNo: existing.orderNo });
  }
  return { order: await loadMallOrder(db, existing.id), created: false };
}

/**
 * Everything decided before the transaction: which products the lines name, whether this
 * distributor is offered them and may order these quantities, the prices it pays, and
 * whether its balance covers the total. Read without locks; the reservation re-checks
 * the listing it was priced on.
 */
async function planOrder(db: DbOrTx, distributorId: number, input: CreateOrderInput, admitWith: CreateOrderOptions['admitWith']): Promise<Plan> {
  const request: PlanningRequest = {
    distributorId,
    mallOrderNo: input.mallOrderNo,
    ids: input.items.flatMap((i) => (i.productId !== undefined ? [i.productId] : [])),
    skus: input.items.flatMap((i) => (i.skuCode !== undefined ? [i.skuCode] : [])),
  };
  // With the admission, in its statement (a refused request reads nothing); else in a batch of their own.
  const distributor = admitWith ? await admitWith(admittedPlanning, request) : await plannerFor(poolOf(db)).submit(request);
  if (distributor.fee_bps === null) throw notFound('Distributor');
  const found = distributor.products ?? [];
  if (distributor.existing_id !== null) {
    throw new AlreadyPlaced({ id: Number(distributor.existing_id), orderNo: distributor.existing_no!, requestHash: distributor.existing_hash! });
  }
  const feeBps = Number(distributor.fee_bps);
  const levelId = Number(distributor.level_id);
  const balance = Number(distributor.balance);

  const lines: PlannedLine[] = [];
  const seen = new Map<number, number>();
  const soldOut: Shortage[] = [];
  for (const [index, item] of input.items.entries()) {
    const field = `items[${index}]`;
    const match = found.find((f) => (item.productId !== undefined ? f.id === item.productId : f.skuCode === item.skuCode));
    // Not offered to this distributor is the same as not there (docs/open-api.md: 404).
    if (!match || !match.offered) {
      throw new DomainError('NOT_FOUND', `Product ${item.productId ?? item.skuCode} not found`, {
        field,
        ...(item.productId !== undefined ? { productId: item.productId } : { skuCode: item.skuCode }),
      });
    }
    const product = productFromRow(match);
    if (seen.has(product.id)) {
      throw new DomainError('INVALID_REQUEST', `Product ${product.id} is listed twice (lines ${seen.get(product.id)} and ${index}): give it one line`, {
        field,
        fields: { [field]: 'the same product as another line' },
      });
    }
    seen.set(product.id, index);
    if (product.status !== 'on_sale' && product.status !== 'sold_out') {
      throw new DomainError('PRODUCT_UNAVAILABLE', `Product ${product.id} (${product.skuCode}) is not on sale`, { field, productId: product.id, skuCode: product.skuCode });
    }
    if (item.quantity < product.minQuantity) {
      throw new DomainError('BELOW_MIN_QUANTITY', `Product ${product.id} (${product.skuCode}) is sold in quantities of at least ${product.minQuantity}`, {
        field: `${field}.quantity`,
        productId: product.id,
        skuCode: product.skuCode,
        minQuantity: product.minQuantity,
        quantity: item.quantity,
      });
    }
    if (product.status === 'sold_out') {
      soldOut.push({ productId: product.id, skuCode: product.skuCode, requested: item.quantity, available: product.stock });
      continue;
    }
    const unitPrice = agreedUnitPrice(product.supplyPrice!, feeBps);
    lines.push({ product, quantity: item.quantity, unitPrice, amount: lineAmount(unitPrice, item.quantity), freight: product.freight });
  }
  if (soldOut.length) throw outOfStock(soldOut);

  const goodsAmount = sumFen(lines.map((l) => l.amount));
  const freight = sumFen(lines.map((l) => l.freight));
  const totalAmount = sumFen([goodsAmount, freight]);
  if (balance < totalAmount) {
    throw new DomainError('INSUFFICIENT_BALANCE', 'The balance cannot cover this order', { balance, required: totalAmount });
  }
  return { feeBps, levelId, lines, goodsAmount, freight, totalAmount, orderId: Number(distributor.order_id), orderNo: distributor.order_no };
}

function outOfStock(shortages: Shortage[]) {
  return new DomainError('OUT_OF_STOCK', `Not enough stock: ${shortages.map((s) => `${s.skuCode} (${s.available} left, ${s.requested} asked)`).join(', ')}`, {
    products: shortages,
  });
}

/**
 * What planning reads for one order: its distributor's terms (all null if it is gone), an
 * earlier order of its number, its new id and number, and the products its lines name.
 */
type PlanningRow = {
  fee_bps: number | null;
  level_id: number | null;
  balance: string | null;
  existing_id: string | null;
  existing_no: string | null;
  existing_hash: string | null;
  order_id: string;
  order_no: string;
  products: OrderedProductRow[] | null;
};

/** A product as planning reads it (JSON: the amounts in fen as numbers). */
type OrderedProductRow = {
  id: number;
  skuCode: string;
  title: string;
  status: ProductRow['status'];
  stock: number;
  minQuantity: number;
  supplyPrice: number | null;
  costPrice: number;
  freight: number;
  ownerSupplierId: number | null;
  offered: boolean;
};

/**
 * The planning reads of one order, over `r`, a row of the batch with its `distributor_id`,
 * `mall_order_no`, `product_ids` and `skus` (PostgreSQL array literals, as text):
 * - the distributor's level, its fee and balance, and an earlier order with this mall order number;
 * - the new order's id and number, SO + the date in China + a sequence number, e.g.
 *   SO2026113000000042 (taken up front, so that placing the order waits on nothing);
 * - the products it names (by id or SKU code), and whether each is offered to this distributor.
 * The sequences are read in a subquery of their own, which PostgreSQL never merges into the
 * query around it (its select list is volatile): once per order that `condition` lets through.
 */
const planningOf = (r: string, condition = 'true') => `
    select x.fee_bps, x.level_id, x.balance, x.existing_id, x.existing_no, x.existing_hash, x.order_id,
           'SO' || to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(x.order_seq::text, greatest(8, length(x.order_seq::text)), '0') as order_no,
           x.products
    from (
      select l.fee_bps, d.level_id, w.balance, o.id as existing_id, o.order_no as existing_no, o.request_hash as existing_hash,
             nextval('orders_id_seq') as order_id, nextval('order_no_seq') as order_seq,
             (select json_agg(p) from (
                select products.id, products.sku_code as "skuCode", products.title, products.status, products.stock,
                       products.min_quantity as "minQuantity", products.supply_price as "supplyPrice", products.cost_price as "costPrice",
                       products.freight, products.owner_supplier_id as "ownerSupplierId",
                       ${sqlText(offeredTo({ id: sql.raw('d.id'), levelId: sql.raw('d.level_id') }))} as offered
                from products
                where products.id = any(${r}.product_ids::int[]) or products.sku_code = any(${r}.skus::text[])) p) as products
      from distributors d
      join distributor_levels l on l.id = d.level_id
      join wallets w on w.distributor_id = d.id
      left join orders o on o.distributor_id = d.id and o.mall_order_no = ${r}.mall_order_no
      where d.id = ${r}.distributor_id and ${condition}
    ) x`;

type PlanningRequest = { distributorId: number; mallOrderNo: string; ids: number[]; skus: string[] };

/** A PostgreSQL array literal of texts, each quoted: one parameter for a list of any strings. */
const textArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

/** The planning reads in the open API request's admission (open-api/rate-limit.ts `admitAndRead`): one statement for both. */
const admittedPlanning: AdmittedRead<PlanningRequest, PlanningRow> = {
  inputs: [
    { name: 'mall_order_no', type: 'text[]', of: (r) => r.mallOrderNo },
    { name: 'product_ids', type: 'text[]', of: (r) => `{${r.ids.join(',')}}` },
    { name: 'skus', type: 'text[]', of: (r) => textArray(r.skus) },
  ],
  columns: 'plan.fee_bps, plan.level_id, plan.balance, plan.existing_id, plan.existing_no, plan.existing_hash, plan.order_id, plan.order_no, plan.products',
  join: `left join lateral (${planningOf('decided', 'decided.answered')}) plan on true`,
  result: (row) => row as PlanningRow,
};

/** The planning reads of a batch of orders without an admission (a plan made again, or a caller other than the open API). */
const readPlanning = prepared<PlanningRow & { n: string }>(`
  select r.n, plan.*
  from unnest($1::int[], $2::text[], $3::text[], $4::text[]) with ordinality as r(distributor_id, mall_order_no, product_ids, skus, n)
  left join lateral (${planningOf('r')}) plan on true
  order by r.n`);

const planners = new WeakMap<postgres.Sql, Batcher<PlanningRequest, PlanningRow>>();

function plannerFor(pool: postgres.Sql) {
  let planner = planners.get(pool);
  if (!planner) {
    planner = new Batcher<PlanningRequest, PlanningRow>(async (requests) =>
      readPlanning(pool, [
        requests.map((r) => r.distributorId),
        requests.map((r) => r.mallOrderNo),
        requests.map((r) => `{${r.ids.join(',')}}`),
        requests.map((r) => textArray(r.skus)),
      ]),
    );
    planners.set(pool, planner);
  }
  return planner;
}

function productFromRow(row: OrderedProductRow): ProductRow {
  return {
    id: row.id,
    skuCode: row.skuCode,
    title: row.title,
    status: row.status,
    stock: row.stock,
    minQuantity: row.minQuantity,
    ownerSupplierId: row.ownerSupplierId,
    supplyPrice: row.supplyPrice,
    costPrice: row.costPrice,
    freight: row.freight,
  };
}

type GroupOutcome = {
  outcome: 'placed' | 'duplicate' | 'out_of_stock' | 'listing_changed';
  placedAt: string | null;
  payBy: string | null;
  shortages: { productId: number; requested: number; available: number }[] | null;
};

/** An order planned and ready to be placed, as `hub_place_orders` takes it. */
type PlannedOrder = Record<string, unknown> & { lines: Record<string, unknown>[] };

const placeOrders = prepared<{ order_n: number; outcome: GroupOutcome['outcome']; placed_at: string | null; pay_by: string | null; shortages: GroupOutcome['shortages'] }>(
  'select order_n, outcome, placed_at, pay_by, shortages from hub_place_orders($1::text::json, $2::int)',
);

const DEADLOCK_DETECTED = '40P01';
/** A mall order number of the group was committed by another group meanwhile (drizzle/0016): nothing was written. */
const PLACED_MEANWHILE = 'HB002';
/**
 * How often a group is sent again after it lost a deadlock (two groups inserting each other's
 * mall order numbers) or met a number placed meanwhile (the next try sees it as a duplicate).
 */
const GROUP_RETRIES = 3;
/** Orders placed in one statement at most (a flash sale's group is what arrived during one round trip). */
const MAX_GROUP = 500;

/** One group placer per connection pool; groups are keyed by the products their orders name. */
const placers = new WeakMap<postgres.Sql, Batcher<PlannedOrder, GroupOutcome>>();

function placerFor(pool: postgres.Sql) {
  let placer = placers.get(pool);
  if (!placer) {
    placer = new Batcher<PlannedOrder, GroupOutcome>(async (group) => {
      const payload = JSON.stringify(group.map((order, i) => ({ ...order, n: i + 1 })));
      for (let attempt = 1; ; attempt++) {
        try {
          const rows = await placeOrders(pool, [payload, env.orderPaymentTimeoutSeconds]);
          const out: GroupOutcome[] = [];
          for (const row of rows) out[row.order_n - 1] = { outcome: row.outcome, placedAt: row.placed_at, payBy: row.pay_by, shortages: row.shortages };
          return out;
        } catch (error) {
          const code = findPgError(error)?.code;
          if ((code !== DEADLOCK_DETECTED && code !== PLACED_MEANWHILE) || attempt >= GROUP_RETRIES) throw error;
        }
      }
    }, MAX_GROUP);
    placers.set(pool, placer);
  }
  return placer;
}

async function placeOrder(db: DbOrTx, distributorId: number, input: CreateOrderInput, plan: Plan, requestHash: string): Promise<CreateOrderResult> {
  const lines = plan.lines;
  const planned: PlannedOrder = {
    id: plan.orderId,
    order_no: plan.orderNo,
    distributor_id: distributorId,
    mall_order_no: input.mallOrderNo,
    request_hash: requestHash,
    goods_amount: plan.goodsAmount,
    freight: plan.freight,
    total_amount: plan.totalAmount,
    receiver: input.receiver,
    remark: input.remark ?? '',
    fee_bps: plan.feeBps,
    level_id: plan.levelId,
    audit: { mallOrderNo: input.mallOrderNo, totalAmount: plan.totalAmount, items: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })) },
    lines: lines.map((l) => ({
      product_id: l.product.id,
      owner_supplier_id: l.product.ownerSupplierId,
      sku_code: l.product.skuCode,
      title: l.product.title,
      quantity: l.quantity,
      supply_price: l.product.supplyPrice,
      unit_price: l.unitPrice,
      amount: l.amount,
      freight: l.freight,
      cost_price: l.product.costPrice,
    })),
  };
  // Orders naming the same products (in whatever order) go in the same groups.
  const key = [...new Set(lines.map((l) => l.product.id))].sort((a, b) => a - b).join(',');
  const placed = await placerFor(poolOf(db)).submit(planned, key);

  if (placed.outcome === 'duplicate') {
    // Placed before us, by a retry of this mall's or a request racing it: answer with that order.
    const existing = await findByMallOrderNo(db, distributorId, input.mallOrderNo);
    if (!existing) throw new Error(`Order ${input.mallOrderNo} was placed but cannot be found`);
    return replay(db, existing, requestHash);
  }
  if (placed.outcome === 'listing_changed') throw new ListingChanged();
  if (placed.outcome === 'out_of_stock') {
    const skuOf = (productId: number) => lines.find((l) => l.product.id === productId)!.product.skuCode;
    throw new StockShort((placed.shortages ?? []).map((s) => ({ ...s, skuCode: skuOf(s.productId) })));
  }
  const items = lines.map((l) => ({ productId: l.product.id, skuCode: l.product.skuCode, title: l.product.title, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, packageId: null }));
  const order = toMallOrder(
    {
      orderNo: plan.orderNo,
      mallOrderNo: input.mallOrderNo,
      status: 'pending_payment',
      totalAmount: plan.totalAmount,
      freight: plan.freight,
      receiver: input.receiver,
      createdAt: new Date(placed.placedAt!),
      expiresAt: new Date(placed.payBy!),
      paidAt: null,
      completedAt: null,
    },
    items,
    [],
  );
  return { order, created: true };
}

/**
 * After an order failed for want of stock: the products still short now become
 * `sold_out` (their listing is withdrawn and malls are told). Locked and re-checked first,
 * so a restock that landed in between keeps its product on sale.
 */
async function withdrawShortProducts(db: DbOrTx, shortages: Shortage[]): Promise<void> {
  const requested = new Map(shortages.map((s) => [s.productId, s.requested]));
  await db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: products.id, stock: products.stock })
      .from(products)
      .where(and(inArray(products.id, [...requested.keys()]), eq(products.status, 'on_sale')))
      .orderBy(asc(products.id))
      .for('no key update');
    await markSoldOut(
      tx,
      rows.filter((r) => r.stock < requested.get(r.id)!).map((r) => r.id),
    );
  });
}
