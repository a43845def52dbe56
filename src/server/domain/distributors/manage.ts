import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { containsPattern } from '@/server/db/like';
import { distributorLevels, distributors, users, wallets } from '@/server/db/schema';
import { recordAudit } from '../audit';
import { announceRepricing } from '../catalog/product-events';
import { offeredTo } from '../catalog/visibility';
import type { StaffCtx } from '../context';
import { invalidRequest, notFound } from '../errors';
import { pageOf, sortedBy } from '../paging';
import type {
  changeLevelInput,
  distributorIdInput,
  listDistributorsInput,
  setDistributorStatusInput,
  setRateLimitsInput,
  updateDistributorProfileInput,
} from './schemas';

/** Staff's verbs on distributors (creation is in create.ts, the binding in binding.ts). */

const portalLogin = sql<string | null>`(SELECT u.username FROM users u WHERE u.distributor_id = ${distributors.id} ORDER BY u.id LIMIT 1)`;

/** What both the list and the detail show of a distributor (from distributors ⋈ levels ⋈ wallets). */
const summaryColumns = {
  id: distributors.id,
  code: distributors.code,
  name: distributors.name,
  contactName: distributors.contactName,
  phone: distributors.phone,
  status: distributors.status,
  levelId: distributors.levelId,
  levelName: distributorLevels.name,
  feeBps: distributorLevels.feeBps,
  balance: wallets.balance,
  createdAt: distributors.createdAt,
};

export async function listDistributors(ctx: StaffCtx, input: z.output<typeof listDistributorsInput>) {
  const filters: SQL[] = [];
  if (input.levelId) filters.push(eq(distributors.levelId, input.levelId));
  if (input.status) filters.push(eq(distributors.status, input.status));
  if (input.search) {
    const like = containsPattern(input.search);
    filters.push(
      or(
        ilike(distributors.code, like),
        ilike(distributors.name, like),
        ilike(distributors.contactName, like),
        sql`EXISTS (SELECT 1 FROM users u WHERE u.distributor_id = ${distributors.id} AND u.username ILIKE ${like})`,
      )!,
    );
  }
  const where = filters.length ? and(...filters) : undefined;
  const query = ctx.db
    .select({
      ...summaryColumns,
      username: portalLogin,
      hasCallbackUrl: sql<boolean>`${distributors.callbackUrl} IS NOT NULL`,
      whitelistSize: sql<number>`jsonb_array_length(${distributors.ipWhitelist})`,
    })
    .from(distributors)
    .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
    .innerJoin(wallets, eq(wallets.distributorId, distributors.id))
    .where(where)
    .orderBy(...sortedBy(input.sort === 'balance' ? wallets.balance : distributors.id, distributors.id, input.dir))
    .$dynamic();
  return pageOf(ctx.db, input, query, distributors, where);
}

/** Everything staff see of one distributor, except its secrets (those were shown once). */
export async function getDistributor(ctx: StaffCtx, input: z.output<typeof distributorIdInput>) {
  const [row] = await ctx.db
    .select({
      ...summaryColumns,
      rateLimitPerSecond: distributors.rateLimitPerSecond,
      rateLimitBurst: distributors.rateLimitBurst,
      levelRateLimitPerSecond: distributorLevels.rateLimitPerSecond,
      levelRateLimitBurst: distributorLevels.rateLimitBurst,
      sandbox: distributors.sandbox,
    })
    .from(distributors)
    .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
    .innerJoin(wallets, eq(wallets.distributorId, distributors.id))
    .where(eq(distributors.id, input.id));
  if (!row) throw notFound('Distributor');
  const logins = await ctx.db
    .select({ userId: users.id, username: users.username, status: users.status, lastLoginAt: users.lastLoginAt })
    .from(users)
    .where(eq(users.distributorId, input.id))
    .orderBy(asc(users.id));
  return { ...row, logins };
}

/** Updates one distributor's row and records why, in one transaction; a missing one is NOT_FOUND. */
async function updateDistributorRow(ctx: StaffCtx, id: number, values: Partial<typeof distributors.$inferInsert>, audit: { action: string; detail?: Record<string, unknown> }) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(distributors).set({ ...values, updatedAt: new Date() }).where(eq(distributors.id, id)).returning({ id: distributors.id });
    if (!row) throw notFound('Distributor');
    await recordAudit({ ...ctx, db: tx }, { ...audit, entityType: 'distributor', entityId: id });
  });
}

export async function updateDistributorProfile(ctx: StaffCtx, input: z.output<typeof updateDistributorProfileInput>) {
  const { id, ...values } = input;
  await updateDistributorRow(ctx, id, values, { action: 'distributor.update', detail: values });
}

/**
 * Moves a distributor to another level: its fee rate, default rate limits and the
 * products granted to that level apply from now on (orders keep their prices). Its mall
 * hears of every product repriced, gained or lost (announceRepricing), by callback and by
 * incremental sync alike.
 */
export async function changeDistributorLevel(ctx: StaffCtx, input: z.output<typeof changeLevelInput>) {
  await ctx.db.transaction(async (tx) => {
    const [level] = await tx
      .select({ id: distributorLevels.id, name: distributorLevels.name, feeBps: distributorLevels.feeBps })
      .from(distributorLevels)
      .where(eq(distributorLevels.id, input.levelId));
    if (!level) throw invalidRequest('No such distributor level', { field: 'levelId' });
    const [before] = await tx.select({ levelId: distributors.levelId }).from(distributors).where(eq(distributors.id, input.id)).for('update');
    if (!before) throw notFound('Distributor');
    if (before.levelId === input.levelId) return;
    await tx.update(distributors).set({ levelId: input.levelId, updatedAt: new Date() }).where(eq(distributors.id, input.id));

    // Every product listed for it before or after the move: its price follows the new fee,
    // and what it gains or loses appears or goes `unavailable`.
    const productsRepriced = await announceRepricing(
      tx,
      [input.id],
      or(offeredTo({ id: input.id, levelId: before.levelId }), offeredTo({ id: input.id, levelId: input.levelId }))!,
    );
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'distributor.level_change',
        entityType: 'distributor',
        entityId: input.id,
        detail: { from: before.levelId, to: input.levelId, levelName: level.name, productsRepriced },
      },
    );
  });
}

/** Overrides (or, with nulls, goes back to) the level's open-API token bucket. */
export async function setDistributorRateLimits(ctx: StaffCtx, input: z.output<typeof setRateLimitsInput>) {
  const { id, ...limits } = input;
  await updateDistributorRow(ctx, id, limits, { action: 'distributor.rate_limits', detail: limits });
}

/**
 * Disabling shuts the distributor out at once: its portal sessions resolve to signed out
 * and sign-in is refused (accounts/session.ts, sign-in.ts read this status), its mall's
 * API calls get 403 DISTRIBUTOR_DISABLED, and callbacks stop being queued. Its balance,
 * ledger and orders stay as they are; enabling lets it back in.
 */
export async function setDistributorStatus(ctx: StaffCtx, input: z.output<typeof setDistributorStatusInput>) {
  await updateDistributorRow(ctx, input.id, { status: input.status }, { action: input.status === 'active' ? 'distributor.enable' : 'distributor.disable' });
}
