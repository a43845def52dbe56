import { asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { distributorLevels, distributors, productDistributorGrants, productLevelGrants, products } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { DomainError, notFound } from '../errors';
import { announceListingChange } from './announce';
import { bumpVersion } from './product-events';
import type { setSupplyPriceInput, visibilityInput } from './schemas';
import { inTransaction } from './tx';

/** The levels and distributors staff may restrict a product to. */
export async function visibilityOptions(ctx: StaffCtx) {
  const [levels, dists] = await Promise.all([
    ctx.db.select({ id: distributorLevels.id, name: distributorLevels.name, feeBps: distributorLevels.feeBps }).from(distributorLevels).orderBy(asc(distributorLevels.id)),
    ctx.db
      .select({ id: distributors.id, code: distributors.code, name: distributors.name, status: distributors.status })
      .from(distributors)
      .orderBy(asc(distributors.code)),
  ]);
  return { levels, distributors: dists };
}

export async function productGrants(ctx: StaffCtx, productId: number) {
  const [levels, dists] = await Promise.all([
    ctx.db.select({ id: productLevelGrants.levelId }).from(productLevelGrants).where(eq(productLevelGrants.productId, productId)),
    ctx.db.select({ id: productDistributorGrants.distributorId }).from(productDistributorGrants).where(eq(productDistributorGrants.productId, productId)),
  ]);
  return { levelIds: levels.map((l) => l.id), distributorIds: dists.map((d) => d.id) };
}

/**
 * Offers a product to every level, or only to chosen levels and/or chosen distributors.
 * Distributors that gain or lose it hear at once (product.updated, `unavailable` for those
 * that lost it).
 */
export async function setVisibility(ctx: StaffCtx, input: z.output<typeof visibilityInput>) {
  const levelIds = [...new Set(input.levelIds)];
  const distributorIds = [...new Set(input.distributorIds)];
  if (input.visibility === 'restricted' && levelIds.length + distributorIds.length === 0) {
    throw new DomainError('INVALID_REQUEST', 'Choose at least one level or distributor', { field: 'visibility', reason: 'empty' });
  }
  return inTransaction(ctx, async (tx) => {
    if (levelIds.length) {
      const found = await tx.db.select({ id: distributorLevels.id }).from(distributorLevels).where(inArray(distributorLevels.id, levelIds));
      if (found.length !== levelIds.length) throw new DomainError('INVALID_REQUEST', 'Unknown level', { field: 'levelIds' });
    }
    if (distributorIds.length) {
      const found = await tx.db.select({ id: distributors.id }).from(distributors).where(inArray(distributors.id, distributorIds));
      if (found.length !== distributorIds.length) throw new DomainError('INVALID_REQUEST', 'Unknown distributor', { field: 'distributorIds' });
    }
    const [row] = await tx.db
      .update(products)
      .set({ visibility: input.visibility, ...bumpVersion() })
      .where(eq(products.id, input.id))
      .returning({ id: products.id, status: products.status, visibility: products.visibility, version: products.version });
    if (!row) throw notFound('Product');
    await tx.db.delete(productLevelGrants).where(eq(productLevelGrants.productId, input.id));
    await tx.db.delete(productDistributorGrants).where(eq(productDistributorGrants.productId, input.id));
    if (input.visibility === 'restricted') {
      if (levelIds.length) await tx.db.insert(productLevelGrants).values(levelIds.map((levelId) => ({ productId: input.id, levelId })));
      if (distributorIds.length) await tx.db.insert(productDistributorGrants).values(distributorIds.map((distributorId) => ({ productId: input.id, distributorId })));
    }
    await recordAudit(tx, {
      action: 'product.visibility',
      entityType: 'product',
      entityId: input.id,
      detail: input.visibility === 'all' ? { visibility: 'all' } : { visibility: 'restricted', levelIds, distributorIds },
    });
    await announceListingChange(tx.db, [input.id], row.status);
    return row;
  });
}

/** Staff change the platform's supply price of an approved supplier product. */
export async function setSupplyPrice(ctx: StaffCtx, input: z.output<typeof setSupplyPriceInput>) {
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select({ supplyPrice: products.supplyPrice }).from(products).where(eq(products.id, input.id)).for('no key update');
    if (!before) throw notFound('Product');
    const [row] = await tx.db
      .update(products)
      .set({ supplyPrice: input.supplyPrice, ...bumpVersion() })
      .where(eq(products.id, input.id))
      .returning({ id: products.id, status: products.status, supplyPrice: products.supplyPrice, version: products.version });
    await recordAudit(tx, { action: 'product.supply_price', entityType: 'product', entityId: input.id, detail: { from: before.supplyPrice, to: input.supplyPrice } });
    await announceListingChange(tx.db, [input.id], row.status);
    return row;
  });
}
