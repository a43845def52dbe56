import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { agreedUnitPrice, lineAmount, sumFen } from '@/lib/money';
import { env } from '@/server/config/env';
import type { DbOrTx, Tx } from '@/server/db/client';
import { distributorLevels, distributors, orderItems, orders, products, sandboxStock, sandboxWallets } from '@/server/db/schema';
import { recordAudit } from '../audit';
import { offeredTo } from '../catalog/visibility';
import { recordEvents } from '../events/outbox';
import type { MallCtx } from '../context';
import { DomainError, isUniqueViolation, notFound } from '../errors';
import { createOrder, findByMallOrderNo, hashOrderRequest, replay, type CreateOrderOptions, type CreateOrderResult } from '../orders/create';
import { loadMallOrder } from '../orders/mall-order';
import type { CreateOrderInput } from '../orders/schemas';
import type { LedgerPosting } from '../wallet/ledger';

/**
 * Sandbox (test mode, 测试模式): staff switch a distributor to it so that its mall can be
 * developed without touching live stock or money. Its orders are real rows of `orders`
 * (flagged `sandbox`), answered and called back like any other, but:
 * - they reserve from the distributor's own copy of each product's stock (sandbox_stock,
 *   copied from the live stock the first time a product is ordered), never the live stock;
 * - payment debits, and refunds credit, a test balance (sandbox_wallets, a copy of the
 *   live balance taken when test mode is switched on), never the wallet or its ledger
 *   (the mall still hears balance.changed, of the test balance);
 * - suppliers never see them, and nobody ships them: the distributor may ship a paid one
 *   itself as a simulation (./ship.ts), so its mall hears order.shipped.
 * Live distributors pay nothing for this: the open API's order door picks this verb only
 * for a distributor whose (cached) credentials say sandbox, and the live path is unchanged.
 */

class SwitchedToSandbox extends Error {}

/**
 * The order door's choice between the live verb and the sandbox one. The mode comes with
 * the request's credentials (cached per app server, open-api/verify.ts); the admission
 * refreshes it when the distributor changed, and runs before anything is decided, so an
 * order is always made in the mode the distributor is in. A live order costs nothing more:
 * the check rides on the admission the live verb sends anyway.
 */
export async function createOrderInItsMode(
  ctx: MallCtx,
  input: CreateOrderInput,
  request: { admit: () => Promise<void>; admitWith: CreateOrderOptions['admitWith'] & {}; distributor: { sandbox: boolean } },
): Promise<CreateOrderResult> {
  const { admit, admitWith, distributor } = request;
  if (!distributor.sandbox) {
    try {
      return await createOrder(ctx, input, {
        admitWith: async (read, item) => {
          const answer = await admitWith(read, item);
          if (distributor.sandbox) throw new SwitchedToSandbox();
          return answer;
        },
      });
    } catch (error) {
      if (!(error instanceof SwitchedToSandbox)) throw error;
    }
  } else {
    await admit();
    if (!distributor.sandbox) return createOrder(ctx, input);
  }
  return createSandboxOrder(ctx, input);
}

type Line = { productId: number; skuCode: string; title: string; quantity: number; supplyPrice: number; costPrice: number; unitPrice: number; amount: number; freight: number; ownerSupplierId: number | null };

export async function createSandboxOrder(ctx: MallCtx, input: CreateOrderInput): Promise<CreateOrderResult> {
  const requestHash = hashOrderRequest(input);
  const distributorId = ctx.actor.distributorId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const existing = await findByMallOrderNo(tx, distributorId, input.mallOrderNo);
      if (existing) return replay(tx, existing, requestHash);
      const [d] = await tx
        .select({ levelId: distributors.levelId, feeBps: distributorLevels.feeBps })
        .from(distributors)
        .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
        .where(eq(distributors.id, distributorId));
      if (!d) throw notFound('Distributor');
      const lines = await planLines(tx, { id: distributorId, levelId: d.levelId, feeBps: d.feeBps }, input);
      await reserveSandboxStock(tx, distributorId, lines);
      const goodsAmount = sumFen(lines.map((l) => l.amount));
      const freight = sumFen(lines.map((l) => l.freight));
      const totalAmount = sumFen([goodsAmount, freight]);
      const balance = await sandboxBalance(tx, distributorId);
      if (balance < totalAmount) throw new DomainError('INSUFFICIENT_BALANCE', 'The balance cannot cover this order', { balance, required: totalAmount });
      const [{ orderNo }] = await tx.execute<{ orderNo: string }>(
        sql`select 'SO' || to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(n::text, greatest(8, length(n::text)), '0') as "orderNo" from nextval('order_no_seq') as n`,
      );
      const [order] = await tx
        .insert(orders)
        .values({
          orderNo,
          distributorId,
          mallOrderNo: input.mallOrderNo,
          requestHash,
          sandbox: true,
          goodsAmount,
          freight,
          totalAmount,
          receiver: input.receiver,
          remark: input.remark,
          expiresAt: sql`now() + make_interval(secs => ${env.orderPaymentTimeoutSeconds})`,
        })
        .returning({ id: orders.id });
      await tx.insert(orderItems).values(lines.map((l) => ({ orderId: order.id, feeBps: d.feeBps, ...l })));
      await recordAudit({ ...ctx, db: tx }, { action: 'order.create', entityType: 'order', entityId: orderNo, detail: { sandbox: true, totalAmount } });
      return { order: await loadMallOrder(tx, order.id), created: true };
    });
  } catch (error) {
    // The same mall order number raced us and committed first.
    if (isUniqueViolation(error, 'orders_distributor_mall_order_no_key')) {
      const winner = await findByMallOrderNo(ctx.db, distributorId, input.mallOrderNo);
      if (winner) return replay(ctx.db, winner, requestHash);
    }
    throw error;
  }
}

/** The lines as the live path prices them: offered, on sale, at least the minimum, at the agreed price. */
async function planLines(tx: Tx, d: { id: number; levelId: number; feeBps: number }, input: CreateOrderInput): Promise<Line[]> {
  const ids = input.items.flatMap((i) => (i.productId !== undefined ? [i.productId] : []));
  const skus = input.items.flatMap((i) => (i.skuCode !== undefined ? [i.skuCode] : []));
  const found = await tx
    .select({ product: products, offered: sql<boolean>`${offeredTo({ id: d.id, levelId: d.levelId })}` })
    .from(products)
    .where(or(ids.length ? inArray(products.id, ids) : undefined, skus.length ? inArray(products.skuCode, skus) : undefined));
  const seen = new Set<number>();
  return input.items.map((item, index) => {
    const field = `items[${index}]`;
    const match = found.find((f) => (item.productId !== undefined ? f.product.id === item.productId : f.product.skuCode === item.skuCode));
    if (!match || !match.offered) {
      throw new DomainError('NOT_FOUND', `Product ${item.productId ?? item.skuCode} not found`, { field, ...(item.productId !== undefined ? { productId: item.productId } : { skuCode: item.skuCode }) });
    }
    const p = match.product;
    if (seen.has(p.id)) throw new DomainError('INVALID_REQUEST', `Product ${p.id} is listed twice: give it one line`, { field, fields: { [field]: 'the same product as another line' } });
    seen.add(p.id);
    if ((p.status !== 'on_sale' && p.status !== 'sold_out') || p.supplyPrice === null) {
      throw new DomainError('PRODUCT_UNAVAILABLE', `Product ${p.id} (${p.skuCode}) is not on sale`, { field, productId: p.id, skuCode: p.skuCode });
    }
    if (item.quantity < p.minQuantity) {
      throw new DomainError('BELOW_MIN_QUANTITY', `Product ${p.id} (${p.skuCode}) is sold in quantities of at least ${p.minQuantity}`, {
        field: `${field}.quantity`,
        productId: p.id,
        skuCode: p.skuCode,
        minQuantity: p.minQuantity,
        quantity: item.quantity,
      });
    }
    const unitPrice = agreedUnitPrice(p.supplyPrice, d.feeBps);
    return {
      productId: p.id,
      skuCode: p.skuCode,
      title: p.title,
      quantity: item.quantity,
      supplyPrice: p.supplyPrice,
      costPrice: p.costPrice,
      unitPrice,
      amount: lineAmount(unitPrice, item.quantity),
      freight: p.freight,
      ownerSupplierId: p.ownerSupplierId,
    };
  });
}

/**
 * Takes the lines from the distributor's copy of the stock, all or none: each product's
 * copy is made from the live stock the first time, then decremented only where enough is
 * left (a conditional UPDATE on a CHECK (stock >= 0) row, products in id order, so two
 * sandbox orders never oversell the copy nor deadlock).
 */
async function reserveSandboxStock(tx: Tx, distributorId: number, lines: Line[]): Promise<void> {
  const sorted = [...lines].sort((a, b) => a.productId - b.productId);
  await tx.execute(sql`
    insert into sandbox_stock (distributor_id, product_id, stock)
    select ${distributorId}, p.id, p.stock from products p where p.id in (${sql.join(sorted.map((l) => sql`${l.productId}`), sql`, `)})
    on conflict do nothing`);
  const short: { productId: number; skuCode: string; requested: number; available: number }[] = [];
  for (const line of sorted) {
    const [taken] = await tx
      .update(sandboxStock)
      .set({ stock: sql`${sandboxStock.stock} - ${line.quantity}` })
      .where(and(eq(sandboxStock.distributorId, distributorId), eq(sandboxStock.productId, line.productId), sql`${sandboxStock.stock} >= ${line.quantity}`))
      .returning({ stock: sandboxStock.stock });
    if (!taken) {
      const [left] = await tx.select({ stock: sandboxStock.stock }).from(sandboxStock).where(and(eq(sandboxStock.distributorId, distributorId), eq(sandboxStock.productId, line.productId)));
      short.push({ productId: line.productId, skuCode: line.skuCode, requested: line.quantity, available: left?.stock ?? 0 });
    }
  }
  if (short.length) {
    throw new DomainError('OUT_OF_STOCK', `Not enough stock: ${short.map((s) => `${s.skuCode} (${s.available} left, ${s.requested} asked)`).join(', ')}`, { products: short });
  }
}

/** Puts a sandbox order's lines back into the distributor's copy of the stock. */
export async function releaseSandboxStock(tx: Tx, order: { id: number; distributorId: number }): Promise<void> {
  const lines = await tx
    .select({ productId: orderItems.productId, quantity: sql<number>`sum(${orderItems.quantity})::int` })
    .from(orderItems)
    .where(eq(orderItems.orderId, order.id))
    .groupBy(orderItems.productId)
    .orderBy(asc(orderItems.productId));
  for (const line of lines) {
    await tx
      .update(sandboxStock)
      .set({ stock: sql`${sandboxStock.stock} + ${line.quantity}` })
      .where(and(eq(sandboxStock.distributorId, order.distributorId), eq(sandboxStock.productId, line.productId)));
  }
}

/** The test balance, fen (a copy of the live balance taken when test mode was switched on). */
export async function sandboxBalance(tx: DbOrTx, distributorId: number): Promise<number> {
  const [row] = await tx.select({ balance: sandboxWallets.balance }).from(sandboxWallets).where(eq(sandboxWallets.distributorId, distributorId));
  return row?.balance ?? 0;
}

/**
 * Moves the test balance as the live ledger would (negative: a debit), refusing to go below
 * zero, and tells the mall with balance.changed exactly as a live posting does (the test
 * balance, the entry's kind, amount and ref), so a mall's balance handling can be tried in
 * test mode too. No ledger entry is written: the live ledger holds live money only.
 */
export async function moveSandboxBalance(tx: Tx, posting: Pick<LedgerPosting, 'distributorId' | 'kind' | 'amount' | 'ref'>): Promise<void> {
  const { distributorId, amount } = posting;
  const [row] = await tx
    .update(sandboxWallets)
    .set({ balance: sql`${sandboxWallets.balance} + ${amount}`, updatedAt: sql`now()` })
    .where(and(eq(sandboxWallets.distributorId, distributorId), sql`${sandboxWallets.balance} + ${amount} >= 0`))
    .returning({ balance: sandboxWallets.balance });
  if (!row) {
    throw new DomainError('INSUFFICIENT_BALANCE', 'The balance cannot cover this amount', { balance: await sandboxBalance(tx, distributorId), required: -amount });
  }
  await recordEvents(tx, [
    { distributorId, type: 'balance.changed', data: { balance: row.balance, entry: { kind: posting.kind, amount, balanceAfter: row.balance, ref: posting.ref } } },
  ]);
}
