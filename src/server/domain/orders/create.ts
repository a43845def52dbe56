import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import { agreedUnitPrice, lineAmount, sumFen } from '@/lib/money';
import { env } from '@/server/config/env';
import type { DbOrTx } from '@/server/db/client';
import { poolOf, prepared } from '@/server/db/prepared';
import { orders, products } from '@/server/db/schema';
import { offeredTo } from '../catalog/visibility';
import type { MallCtx } from '../context';
import { DomainError, findPgError, isUniqueViolation, notFound } from '../errors';
import { markSoldOut } from '../inventory/stock-rules';
import { loadMallOrder, toMallOrder, type MallOrder } from './mall-order';
import type { CreateOrderInput } from './schemas';

/**
 * Order creation (docs/open-api.md "Creating an order"): every item reserved or none, the
 * prices of the moment snapshotted per item, idempotent on the mall's order number.
 *
 * Shaped for the hot product of a flash sale, where every order queues on one product row
 * (BENCHMARKS.md). On one connection reserved for the order, two round trips:
 * 1. the open API request's admission (nonce, rate limit), and everything that needs no
 *    lock (the distributor, its balance, an earlier order with this number, the products,
 *    the prices, fresh order ids): three statements sent together;
 * 2. the transaction, in ONE write: BEGIN, the order with its items and audit row, the
 *    reservations (last) and COMMIT. A reservation that finds too little stock raises
 *    (`hub_assert`), which aborts the transaction, so the COMMIT behind it rolls back:
 *    all items are reserved or none. A product's row lock is held from its reservation to
 *    that COMMIT, already queued behind it: no app work happens while a lock is held.
 * The statements are prepared (db/prepared.ts); the answer is built from what we already
 * hold, not read back.
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

/** A reservation found too little stock, or a listing changed: the transaction rolled back. */
class NotReserved extends Error {
  constructor(readonly lines: PlannedLine[]) {
    super('not reserved');
  }
}

class AlreadyPlaced extends Error {
  constructor(readonly existing: { id: number; orderNo: string; requestHash: string }) {
    super('already placed');
  }
}

const MAX_PLAN_ATTEMPTS = 3;

export type CreateOrderOptions = {
  /**
   * The open API request's admission (nonce, rate limit: open-api/verify.ts), sent ahead of
   * the planning reads in the same write, and checked before anything is decided on them.
   */
  admit?: (connection: postgres.Sql) => Promise<void>;
};

export async function createOrder(ctx: MallCtx, input: CreateOrderInput, options: CreateOrderOptions = {}): Promise<CreateOrderResult> {
  const requestHash = hashOrderRequest(input);
  for (let attempt = 1; ; attempt++) {
    try {
      return { order: await planAndPlace(ctx, input, requestHash, attempt === 1 ? options.admit : undefined), created: true };
    } catch (error) {
      if (error instanceof AlreadyPlaced) return replay(ctx.db, error.existing, requestHash);
      if (error instanceof ListingChanged && attempt < MAX_PLAN_ATTEMPTS) continue;
      if (error instanceof StockShort) {
        // The order's transaction rolled back; the withdrawal of what ran out is a step of its own.
        await withdrawShortProducts(ctx.db, error.shortages);
        throw outOfStock(error.shortages);
      }
      if (isUniqueViolation(error, 'orders_distributor_mall_order_no_key')) {
        // The same mall order number raced us and committed first.
        const winner = await findByMallOrderNo(ctx.db, ctx.actor.distributorId, input.mallOrderNo);
        if (winner) return replay(ctx.db, winner, requestHash);
      }
      if (error instanceof ListingChanged) {
        throw new DomainError('PRODUCT_UNAVAILABLE', 'The products changed while the order was being placed; please retry', {});
      }
      throw error;
    }
  }
}

/** One attempt, on one connection of the pool reserved for it. */
async function planAndPlace(ctx: MallCtx, input: CreateOrderInput, requestHash: string, admit: CreateOrderOptions['admit']): Promise<MallOrder> {
  const connection = await poolOf(ctx.db).reserve();
  let notReserved: PlannedLine[];
  try {
    const plan = await planOrder(connection, ctx.actor.distributorId, input, admit);
    return await placeOrder(connection, ctx, input, plan, requestHash);
  } catch (error) {
    if (!(error instanceof NotReserved)) throw error;
    notReserved = error.lines;
  } finally {
    // Back to the pool before anything else: an order never waits for a second connection while holding one.
    connection.release();
  }
  return checkReservations(ctx.db, notReserved);
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

async function findByMallOrderNo(db: DbOrTx, distributorId: number, mallOrderNo: string) {
  const [row] = await db
    .select({ id: orders.id, orderNo: orders.orderNo, requestHash: orders.requestHash })
    .from(orders)
    .where(and(eq(orders.distributorId, distributorId), eq(orders.mallOrderNo, mallOrderNo)));
  return row;
}

async function replay(db: DbOrTx, existing: { id: number; orderNo: string; requestHash: string }, requestHash: string): Promise<CreateOrderResult> {
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
async function planOrder(connection: postgres.Sql, distributorId: number, input: CreateOrderInput, admit: CreateOrderOptions['admit']): Promise<Plan> {
  const ids = input.items.flatMap((i) => (i.productId !== undefined ? [i.productId] : []));
  const skus = input.items.flatMap((i) => (i.skuCode !== undefined ? [i.skuCode] : []));
  // The admission and two independent reads, sent together, in this order.
  const admission = admit?.(connection);
  const reads = Promise.all([readOrderingDistributor(connection, [distributorId, input.mallOrderNo]).execute(), readOrderedProducts(connection, [ids, skus, distributorId]).execute()]);
  // A refused request learns nothing from the reads (both settle first: the connection goes back idle).
  const [admitted] = await Promise.allSettled([admission, reads]);
  if (admitted.status === 'rejected') throw admitted.reason;
  const [[distributor], found] = await reads;
  if (!distributor) throw notFound('Distributor');
  if (distributor.existing_id !== null) {
    throw new AlreadyPlaced({ id: Number(distributor.existing_id), orderNo: distributor.existing_no!, requestHash: distributor.existing_hash! });
  }
  const feeBps = Number(distributor.fee_bps);
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
  return { feeBps, lines, goodsAmount, freight, totalAmount, orderId: Number(distributor.order_id), orderNo: distributor.order_no };
}

function outOfStock(shortages: Shortage[]) {
  return new DomainError('OUT_OF_STOCK', `Not enough stock: ${shortages.map((s) => `${s.skuCode} (${s.available} left, ${s.requested} asked)`).join(', ')}`, {
    products: shortages,
  });
}

type OrderingDistributorRow = {
  fee_bps: number;
  balance: string;
  existing_id: string | null;
  existing_no: string | null;
  existing_hash: string | null;
  order_id: string;
  order_no: string;
};

/**
 * The distributor's fee and balance, an earlier order with this mall order number, and the
 * new order's id and number: SO + the date in China + a sequence number, e.g.
 * SO2026113000000042 (taken up front, so that nothing in the transaction waits on them).
 */
const readOrderingDistributor = prepared<OrderingDistributorRow>(`
  select l.fee_bps, w.balance, o.id as existing_id, o.order_no as existing_no, o.request_hash as existing_hash,
         nextval('orders_id_seq') as order_id,
         (select 'SO' || to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(n::text, greatest(8, length(n::text)), '0')
            from nextval('order_no_seq') as n) as order_no
  from distributors d
  join distributor_levels l on l.id = d.level_id
  join wallets w on w.distributor_id = d.id
  left join orders o on o.distributor_id = d.id and o.mall_order_no = $2::text
  where d.id = $1::int`);

type OrderedProductRow = {
  id: number;
  skuCode: string;
  title: string;
  status: ProductRow['status'];
  stock: number;
  minQuantity: number;
  supplyPrice: string | null;
  costPrice: string;
  freight: string;
  ownerSupplierId: number | null;
  offered: boolean;
};

/** The products the lines name (by id or SKU code), and whether each is offered to this distributor. */
const readOrderedProducts = prepared<OrderedProductRow>(`
  select products.id, products.sku_code as "skuCode", products.title, products.status, products.stock,
         products.min_quantity as "minQuantity", products.supply_price as "supplyPrice", products.cost_price as "costPrice",
         products.freight, products.owner_supplier_id as "ownerSupplierId",
         ${sqlText(offeredTo({ id: sql.raw('$3::int'), levelId: sql.raw('d.level_id') }))} as offered
  from products, (select level_id from distributors where id = $3::int) d
  where products.id = any($1::int[]) or products.sku_code = any($2::text[])`);

function productFromRow(row: OrderedProductRow): ProductRow {
  return {
    ...row,
    supplyPrice: row.supplyPrice === null ? null : Number(row.supplyPrice),
    costPrice: Number(row.costPrice),
    freight: Number(row.freight),
  };
}

/** A drizzle SQL fragment without parameters, as text for a prepared statement (one definition of the rule). */
function sqlText(fragment: ReturnType<typeof sql>): string {
  const { sql: text, params } = new PgDialect().sqlToQuery(fragment);
  if (params.length) throw new Error('sqlText: the fragment must not carry parameters');
  return text;
}

/**
 * The order, its lines (in the order given: their ids keep it) and its audit row, in one
 * statement. The lines' foreign key to the order is checked at the statement's end, when
 * the order is there.
 */
const insertOrder = prepared<{ status: MallOrder['status']; created_at: string; expires_at: string }>(`
  with placed as (
    insert into orders (id, order_no, distributor_id, mall_order_no, request_hash, goods_amount, freight, total_amount, receiver, remark, expires_at)
    values ($1::bigint, $2::text, $3::int, $4::text, $5::text, $6::bigint, $7::bigint, $8::bigint, $9::text::jsonb, $10::text,
            now() + make_interval(secs => $11::int))
    returning status, created_at, expires_at
  ), lines as (
    insert into order_items (order_id, fee_bps, product_id, owner_supplier_id, sku_code, title, quantity, supply_price, unit_price, amount, freight, cost_price)
    select $1::bigint, $12::int, line.*
    from unnest($13::int[], $14::int[], $15::text[], $16::text[], $17::int[], $18::bigint[], $19::bigint[], $20::bigint[], $21::bigint[], $22::bigint[]) as line
  ), audited as (
    insert into audit_log (actor_kind, actor_distributor_id, action, entity_type, entity_id, detail)
    values ('mall', $3::int, 'order.create', 'order', $2::text, $23::text::jsonb)
  )
  select status, created_at, expires_at from placed`);

/**
 * Takes one line's quantity off its product's stock. The UPDATE is conditional
 * (`stock >= quantity`, still on sale at the price we planned), so PostgreSQL decides every
 * race: concurrent orders queue on the row and each re-checks the stock the previous one
 * left. Stock can never go negative or oversell. Not reserved: `hub_assert` raises
 * (SQLSTATE HB001) and the order's transaction aborts.
 */
const reserveLine = prepared(`
  with reserved as (
    update products
    set stock = stock - $2::int, version = version + 1, updated_at = clock_timestamp()
    where id = $1::int and status = 'on_sale' and stock >= $2::int
      and supply_price = $3::bigint and cost_price = $4::bigint and freight = $5::bigint and min_quantity <= $2::int
    returning id
  )
  select hub_assert(count(*) = 1, 'not reserved') from reserved`);

/**
 * Malls hear of the new stock through a debounced job (`announce_stock`, keyed per
 * product): a flash sale announces each product about once a second with its latest
 * stock, instead of one event per order per distributor. Queued only when no run of it is
 * already waiting (then that run will read this order's stock: the job waits for the
 * product's row lock before reading, jobs/tasks.ts), so most orders of a sale skip the
 * queue's write. A separate statement after the reservation, so that it sees the queue as
 * it is once the row lock is ours, not as it was when we started waiting for it.
 */
const announceStock = prepared(`
  select (graphile_worker.add_job('announce_stock', json_build_object('productId', $1::int),
            run_at := now() + interval '1 second', max_attempts := 5,
            job_key := 'announce_stock:' || $1::int, job_key_mode := 'preserve_run_at')).id
  where not exists (
    -- graphile-worker's own table (pinned at 0.16.6): a keyed job not yet started.
    select 1 from graphile_worker._private_jobs where key = 'announce_stock:' || $1::int and locked_at is null and attempts = 0)`);

const NOT_RESERVED = 'HB001';

async function placeOrder(connection: postgres.Sql, ctx: MallCtx, input: CreateOrderInput, plan: Plan, requestHash: string): Promise<MallOrder> {
  const distributorId = ctx.actor.distributorId;
  // Id order: two orders sharing products always lock them in the same order, and never deadlock.
  const reservations = [...plan.lines].sort((a, b) => a.product.id - b.product.id);
  const lines = plan.lines;
  // Every parameter is ready before the first statement goes: nothing can fail between BEGIN and COMMIT on our side.
  const orderParams = [plan.orderId, plan.orderNo, distributorId, input.mallOrderNo, requestHash, plan.goodsAmount, plan.freight, plan.totalAmount,
    JSON.stringify(input.receiver), input.remark ?? '', env.orderPaymentTimeoutSeconds,
    plan.feeBps, lines.map((l) => l.product.id), lines.map((l) => l.product.ownerSupplierId), lines.map((l) => l.product.skuCode),
    lines.map((l) => l.product.title), lines.map((l) => l.quantity), lines.map((l) => l.product.supplyPrice), lines.map((l) => l.unitPrice),
    lines.map((l) => l.amount), lines.map((l) => l.freight), lines.map((l) => l.product.costPrice),
    JSON.stringify({ mallOrderNo: input.mallOrderNo, totalAmount: plan.totalAmount, items: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })) })];

  const begin = connection.unsafe('begin').execute();
  const order = insertOrder(connection, orderParams).execute();
  const steps = [
    ...reservations.flatMap((line) => [
      reserveLine(connection, [line.product.id, line.quantity, line.product.supplyPrice, line.product.costPrice, line.product.freight]).execute(),
      announceStock(connection, [line.product.id]).execute(),
    ]),
  ];
  const commit = connection.unsafe('commit').execute();
  const settled = await Promise.allSettled([begin, order, ...steps, commit]);

  const committed = settled.at(-1)!;
  if (committed.status === 'rejected') {
    // The connection broke under us: make sure it goes back to the pool outside any transaction.
    await connection.unsafe('rollback').catch(() => {});
    throw committed.reason;
  }
  // The first failure is the cause; the ones after it only say the transaction was aborted.
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && findPgError(s.reason)?.code !== '25P02');
  if (failure) {
    throw findPgError(failure.reason)?.code === NOT_RESERVED ? new NotReserved(reservations) : failure.reason;
  }
  const [row] = (await order) as unknown as { status: MallOrder['status']; created_at: string; expires_at: string }[];
  const items = lines.map((l) => ({ productId: l.product.id, skuCode: l.product.skuCode, title: l.product.title, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, packageId: null }));
  return toMallOrder(
    {
      orderNo: plan.orderNo,
      mallOrderNo: input.mallOrderNo,
      status: row.status,
      totalAmount: plan.totalAmount,
      freight: plan.freight,
      receiver: input.receiver,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
      paidAt: null,
      completedAt: null,
    },
    items,
    [],
  );
}

/**
 * After a reservation failed (the transaction rolled back, nothing stays reserved): a
 * product short of stock fails the order with OUT_OF_STOCK, and a listing that moved since
 * we priced it makes us plan again.
 */
async function checkReservations(db: DbOrTx, lines: PlannedLine[]): Promise<never> {
  const now = await db.select().from(products).where(inArray(products.id, lines.map((l) => l.product.id)));
  const shortages: Shortage[] = [];
  for (const line of lines) {
    const p = line.product;
    const current = now.find((n) => n.id === p.id);
    const sameListing =
      current && current.status === 'on_sale' && current.supplyPrice === p.supplyPrice && current.costPrice === p.costPrice && current.freight === p.freight && current.minQuantity <= line.quantity;
    if (!sameListing) throw new ListingChanged();
    // Read after the rollback: this line may be the one that fell short, or one that had enough.
    if (current.stock < line.quantity) shortages.push({ productId: p.id, skuCode: p.skuCode, requested: line.quantity, available: current.stock });
  }
  // Short a moment ago and enough now (a cancellation in between): plan again.
  if (shortages.length === 0) throw new ListingChanged();
  throw new StockShort(shortages);
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
