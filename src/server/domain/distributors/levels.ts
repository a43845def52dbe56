import { asc, count, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { distributorLevels, distributors } from '@/server/db/schema';
import { announceRepricing } from '../catalog/product-events';
import { offeredToLevel } from '../catalog/visibility';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { DomainError, isUniqueViolation, notFound } from '../errors';
import type { distributorIdInput, levelInput, updateLevelInput } from './schemas';

/**
 * Distributor levels (等级): a service-fee rate and the default open-API rate limits.
 * Agreed prices are computed from the level's rate when they are asked for, so a new rate
 * applies from that moment on; an order keeps the unit prices it was created with (they
 * are copied into its items).
 */

export async function listLevels(ctx: StaffCtx) {
  return ctx.db
    .select({
      id: distributorLevels.id,
      name: distributorLevels.name,
      feeBps: distributorLevels.feeBps,
      rateLimitPerSecond: distributorLevels.rateLimitPerSecond,
      rateLimitBurst: distributorLevels.rateLimitBurst,
      updatedAt: distributorLevels.updatedAt,
      distributorCount: sql<number>`(SELECT count(*)::int FROM distributors d WHERE d.level_id = ${distributorLevels.id})`,
    })
    .from(distributorLevels)
    .orderBy(asc(distributorLevels.feeBps), asc(distributorLevels.id));
}

function nameTaken(e: unknown, name: string) {
  return isUniqueViolation(e, 'distributor_levels_name_unique') ? new DomainError('CONFLICT', `A level named "${name}" exists`, { field: 'name' }) : e;
}

export async function createLevel(ctx: StaffCtx, input: z.output<typeof levelInput>) {
  return ctx.db.transaction(async (tx) => {
    let level;
    try {
      [level] = await tx.transaction((sp) => sp.insert(distributorLevels).values(input).returning());
    } catch (e) {
      throw nameTaken(e, input.name);
    }
    await recordAudit({ ...ctx, db: tx }, { action: 'level.create', entityType: 'distributor_level', entityId: level.id, detail: input });
    return level;
  });
}

/** Changing the rate reprices every distributor of the level from now on (not their existing orders). */
export async function updateLevel(ctx: StaffCtx, input: z.output<typeof updateLevelInput>) {
  const { id, ...values } = input;
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(distributorLevels).where(eq(distributorLevels.id, id)).for('update');
    if (!before) throw notFound('Level');
    let level;
    try {
      [level] = await tx.transaction((sp) =>
        sp.update(distributorLevels).set({ ...values, updatedAt: new Date() }).where(eq(distributorLevels.id, id)).returning(),
      );
    } catch (e) {
      throw nameTaken(e, input.name);
    }
    let productsRepriced = 0;
    if (values.feeBps !== undefined && values.feeBps !== before.feeBps) {
      const members = await tx.select({ id: distributors.id }).from(distributors).where(eq(distributors.levelId, id));
      productsRepriced = await announceRepricing(tx, members.map((m) => m.id), offeredToLevel(id));
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'level.update',
        entityType: 'distributor_level',
        entityId: id,
        detail: {
          before: { name: before.name, feeBps: before.feeBps, rateLimitPerSecond: before.rateLimitPerSecond, rateLimitBurst: before.rateLimitBurst },
          after: values,
          productsRepriced,
        },
      },
    );
    return level;
  });
}

/** A level still in use cannot go: its distributors would have no fee rate. */
export async function deleteLevel(ctx: StaffCtx, input: z.output<typeof distributorIdInput>) {
  await ctx.db.transaction(async (tx) => {
    const [level] = await tx.select().from(distributorLevels).where(eq(distributorLevels.id, input.id)).for('update');
    if (!level) throw notFound('Level');
    // FOR UPDATE on the level above makes a concurrent "move a distributor to this level" wait (its FK check takes a share lock).
    const [{ n }] = await tx.select({ n: count() }).from(distributors).where(eq(distributors.levelId, input.id));
    if (n > 0) throw new DomainError('CONFLICT', `${n} distributor(s) are at this level; move them first`, { field: 'level', distributors: n });
    await tx.delete(distributorLevels).where(eq(distributorLevels.id, input.id));
    await recordAudit({ ...ctx, db: tx }, { action: 'level.delete', entityType: 'distributor_level', entityId: input.id, detail: { name: level.name } });
  });
}
