import { count, eq } from 'drizzle-orm';
import { distributorLevels, distributors, products, suppliers, topupRequests, wallets } from '@/server/db/schema';
import type { DistributorCtx, StaffCtx, SupplierCtx } from '../context';
import { notFound } from '../errors';

type StatusCounts = Partial<Record<(typeof products.$inferSelect)['status'], number>>;

function toCounts(rows: { status: keyof StatusCounts; n: number }[]): StatusCounts {
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** What staff see first: the pool by status, and the work waiting for them. */
export async function staffOverview(ctx: StaffCtx) {
  const [byStatus, [supplierCount], [distributorCount], [pendingTopups]] = await Promise.all([
    ctx.db.select({ status: products.status, n: count() }).from(products).groupBy(products.status),
    ctx.db.select({ n: count() }).from(suppliers),
    ctx.db.select({ n: count() }).from(distributors),
    ctx.db.select({ n: count() }).from(topupRequests).where(eq(topupRequests.status, 'pending')),
  ]);
  return {
    productsByStatus: toCounts(byStatus),
    suppliers: supplierCount.n,
    distributors: distributorCount.n,
    pendingTopups: pendingTopups.n,
  };
}

/** A supplier's own products by status: only its own rows are counted. */
export async function supplierOverview(ctx: SupplierCtx) {
  const byStatus = await ctx.db
    .select({ status: products.status, n: count() })
    .from(products)
    .where(eq(products.ownerSupplierId, ctx.actor.supplierId))
    .groupBy(products.status);
  return { productsByStatus: toCounts(byStatus) };
}

/** A distributor's balance and level, for its own portal. */
export async function distributorOverview(ctx: DistributorCtx) {
  const [row] = await ctx.db
    .select({
      code: distributors.code,
      name: distributors.name,
      balance: wallets.balance,
      levelName: distributorLevels.name,
      feeBps: distributorLevels.feeBps,
    })
    .from(distributors)
    .innerJoin(wallets, eq(wallets.distributorId, distributors.id))
    .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
    .where(eq(distributors.id, ctx.actor.distributorId));
  if (!row) throw notFound('Distributor');
  return row;
}
