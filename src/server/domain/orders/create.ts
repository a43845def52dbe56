import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { agreedUnitPrice, lineAmount, sumFen } from '@/lib/money';
import { env } from '@/server/config/env';
import type { DbOrTx, Tx } from '@/server/db/client';
import { orderItems, orders, products } from '@/server/db/schema';
import { recordAudit } from '../audit';
import { bumpVersion } from '../catalog/product-events';
import { offeredTo } from '../catalog/visibility';
import type { MallCtx } from '../context';
import { DomainError, isUniqueViolation, notFound } from '../errors';
import { markSoldOut } from '../inventory/stock-rules';
import { loadMallOrder, toMallOrder, type MallOrder } from './mall-order';
import type { CreateOrderInput } from './schemas';

/**
 * Order creation (OPEN_API.md "Creating an order"): every item reserved or none, the
 * prices of the moment snapshotted per item, idempotent on the mall's order number.
 *
 * Shaped for the hot product of a flash sale, where every order queues on one product row:
 * - everything that needs no lock (the distributor, its balance, an earlier order with
 *   this number, the products, the prices, fresh order ids) is read before the
 *   transaction, in two statements;
 * - the transaction sends the order, its items, its audit row and then the reservations
 *   as ONE pipelined batch, the reservations last, and commits: a product's row lock is
 *   held for the rest of that batch and the COMMIT, nothing more;
 * - the answer is built from what we already hold, not read back.
 * Seven round trips to PostgreSQL per order, signature checks included.
 */

export type CreateOrderResult = { order: MallOrder; created: boolean };

type ProductRow = typeof products.$inferSelect;

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

class AlreadyPlaced extends Error {
  constructor(readonly existing: { id: number; orderNo: string; requestHash: string }) {
    super('already placed');
  }
}

const MAX_PLAN_ATTEMPTS = 3;

export async function createOrder(ctx: MallCtx, input: CreateOrderInput): Promise<CreateOrderResult> {
  const requestHash = hashOrderRequest(input);
  for (let attempt = 1; ; attempt++) {
    try {
      const plan = await planOrder(ctx.db, ctx.actor.distributorId, input);
      const order = await ctx.db.transaction((tx) => placeOrder(tx, ctx, input, plan, requestHash));
      return { order, created: true };
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
async function planOrder(db: DbOrTx, distributorId: number, input: CreateOrderInput): Promise<Plan> {
  const ids = input.items.flatMap((i) => (i.productId !== undefined ? [i.productId] : []));
  const skus = input.items.flatMap((i) => (i.skuCode !== undefined ? [i.skuCode] : []));
  // Two independent reads, side by side.
  const [[distributor], found] = await Promise.all([
    db.execute<{ level_id: number; fee_bps: number; balance: string; existing_id: string | null; existing_no: string | null; existing_hash: string | null; order_id: string; order_no: string }>(sql`
      select d.level_id, l.fee_bps, w.balance, o.id as existing_id, o.order_no as existing_no, o.request_hash as existing_hash,
             nextval(pg_get_serial_sequence('orders', 'id')) as order_id, ${nextOrderNo} as order_no
      from distributors d
      join distributor_levels l on l.id = d.level_id
      join wallets w on w.distributor_id = d.id
      left join orders o on o.distributor_id = d.id and o.mall_order_no = ${input.mallOrderNo}
      where d.id = ${distributorId}`),
    db
      .select({ product: products, offered: sql<boolean>`${offeredTo({ id: distributorId, levelId: sql`(select level_id from distributors where id = ${distributorId})` })}` })
      .from(products)
      .where(or(inArray(products.id, ids), inArray(products.skuCode, skus))),
  ]);
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
    const match = found.find((f) => (item.productId !== undefined ? f.product.id === item.productId : f.product.skuCode === item.skuCode));
    // Not offered to this distributor is the same as not there (OPEN_API.md: 404).
    if (!match || !match.offered) {
      throw new DomainError('NOT_FOUND', `Product ${item.productId ?? item.skuCode} not found`, {
        field,
        ...(item.productId !== undefined ? { productId: item.productId } : { skuCode: item.skuCode }),
      });
    }
    const product = match.product;
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

/** The order number: SO + the date in China + a sequence number, e.g. SO2026113000000042. */
const nextOrderNo = sql<string>`(select 'SO' || to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(n::text, greatest(8, length(n::text)), '0') from nextval('order_no_seq') as n)`;


async function placeOrder(tx: Tx, ctx: MallCtx, input: CreateOrderInput, plan: Plan, requestHash: string): Promise<MallOrder> {
  // Id order: two orders sharing products always lock them in the same order, and never deadlock.
  const reservations = [...plan.lines].sort((a, b) => a.product.id - b.product.id);
  const [[order], , , ...reserved] = await Promise.all([
    tx
      .insert(orders)
      .values({
        id: plan.orderId,
        orderNo: plan.orderNo,
        distributorId: ctx.actor.distributorId,
        mallOrderNo: input.mallOrderNo,
        requestHash,
        goodsAmount: plan.goodsAmount,
        freight: plan.freight,
        totalAmount: plan.totalAmount,
        receiver: input.receiver,
        remark: input.remark,
        expiresAt: sql`now() + make_interval(mins => ${env.orderPaymentTimeoutMinutes})`,
      })
      .returning(),
    tx.insert(orderItems).values(
      plan.lines.map((l) => ({
        orderId: plan.orderId,
        productId: l.product.id,
        ownerSupplierId: l.product.ownerSupplierId,
        skuCode: l.product.skuCode,
        title: l.product.title,
        quantity: l.quantity,
        supplyPrice: l.product.supplyPrice!,
        feeBps: plan.feeBps,
        unitPrice: l.unitPrice,
        amount: l.amount,
        freight: l.freight,
        costPrice: l.product.costPrice,
      })),
    ),
    recordAudit({ ...ctx, db: tx }, {
      action: 'order.create',
      entityType: 'order',
      entityId: plan.orderNo,
      detail: { mallOrderNo: input.mallOrderNo, totalAmount: plan.totalAmount, items: plan.lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })) },
    }),
    // Last in the batch: the row locks they take are held only until the COMMIT right after.
    ...reservations.map((line) => reserveLine(tx, line)),
  ]);
  await checkReservations(tx, reservations, reserved);
  const items = plan.lines.map((l) => ({ productId: l.product.id, skuCode: l.product.skuCode, title: l.product.title, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, packageId: null }));
  return toMallOrder(order, items, []);
}

/**
 * Takes one line's quantity off its product's stock. The UPDATE is conditional
 * (`stock >= quantity`, still on sale at the price we planned), so PostgreSQL decides every
 * race: concurrent orders queue on the row and each re-checks the stock the previous one
 * left. Stock can never go negative or oversell.
 *
 * Malls hear of the new stock through a debounced job (`announce_stock`, keyed per product,
 * queued in the same statement): a flash sale announces each product about once a second
 * with its latest stock, instead of one event per order per distributor.
 */
function reserveLine(tx: Tx, line: PlannedLine) {
  const p = line.product;
  const bump = bumpVersion();
  return tx.execute<{ id: number }>(sql`
    with reserved as (
      update ${products}
      set stock = ${products.stock} - ${line.quantity}, version = ${bump.version}, updated_at = ${bump.updatedAt}
      where ${products.id} = ${p.id}
        and ${products.status} = 'on_sale'
        and ${products.stock} >= ${line.quantity}
        and ${products.supplyPrice} = ${p.supplyPrice}
        and ${products.costPrice} = ${p.costPrice}
        and ${products.freight} = ${p.freight}
        and ${products.minQuantity} <= ${line.quantity}
      returning ${products.id}
    )
    select id, (graphile_worker.add_job('announce_stock', json_build_object('productId', id),
                  run_at := now() + interval '1 second', max_attempts := 5,
                  job_key := 'announce_stock:' || id, job_key_mode := 'preserve_run_at')).id as job_id
    from reserved`);
}

/**
 * All lines reserved, or the order fails: a product short of stock fails it with
 * OUT_OF_STOCK (nothing stays reserved: the transaction rolls back), and a listing that
 * moved since we priced it makes us plan again.
 */
async function checkReservations(tx: Tx, lines: PlannedLine[], reserved: { length: number }[]): Promise<void> {
  const failed = lines.filter((_, i) => reserved[i].length !== 1);
  if (failed.length === 0) return;
  const now = await tx.select().from(products).where(inArray(products.id, failed.map((l) => l.product.id)));
  const shortages: Shortage[] = [];
  for (const line of failed) {
    const p = line.product;
    const current = now.find((n) => n.id === p.id);
    const sameListing =
      current && current.status === 'on_sale' && current.supplyPrice === p.supplyPrice && current.costPrice === p.costPrice && current.freight === p.freight && current.minQuantity <= line.quantity;
    if (!sameListing) throw new ListingChanged();
    shortages.push({ productId: p.id, skuCode: p.skuCode, requested: line.quantity, available: current.stock });
  }
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
      .for('update');
    await markSoldOut(
      tx,
      rows.filter((r) => r.stock < requested.get(r.id)!).map((r) => r.id),
    );
  });
}
