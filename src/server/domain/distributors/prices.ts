import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { containsPattern } from '@/server/db/like';
import { brands, categories, distributorLevels, distributors, products } from '@/server/db/schema';
import { toMallProduct } from '../catalog/mall-product';
import { inCategoryTree, inSelection, listedFor } from '../catalog/visibility';
import type { DistributorCtx } from '../context';
import { notFound } from '../errors';
import { pageOf, sortedBy } from '../paging';
import type { priceListInput } from './schemas';

/**
 * 价格表: every product offered to the distributor (its level's, and its own grants), priced
 * at its level's fee rate as of now, with stock. The same listing rule and price shape as
 * the open API's catalog, so the portal and the mall never disagree.
 */
export async function listPrices(ctx: DistributorCtx, input: z.output<typeof priceListInput>) {
  const id = ctx.actor.distributorId;
  const [d] = await ctx.db
    .select({ levelId: distributors.levelId, selectionMode: distributors.selectionMode, feeBps: distributorLevels.feeBps, levelName: distributorLevels.name })
    .from(distributors)
    .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
    .where(eq(distributors.id, id));
  if (!d) throw notFound('Distributor');

  const selection = inSelection({ id, selectionMode: d.selectionMode });
  const filters: SQL[] = [listedFor({ id, levelId: d.levelId })];
  if (input.status) filters.push(eq(products.status, input.status));
  if (input.categoryId) filters.push(inCategoryTree(input.categoryId));
  if (input.brandId) filters.push(eq(products.brandId, input.brandId));
  if (input.selectedOnly) filters.push(selection);
  if (input.search) {
    const like = containsPattern(input.search);
    filters.push(or(ilike(products.title, like), ilike(products.skuCode, like))!);
  }
  const where = and(...filters);

  const query = ctx.db
    .select({ product: products, categoryName: categories.name, brandName: brands.name, selected: sql<boolean>`${selection}` })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(brands, eq(brands.id, products.brandId))
    .where(where)
    .orderBy(...sortedBy(input.sort === 'price' ? products.supplyPrice : input.sort === 'stock' ? products.stock : products.id, products.id, input.dir))
    .$dynamic();
  const page = await pageOf(ctx.db, input, query, products, where);
  return {
    ...page,
    level: { name: d.levelName, feeBps: d.feeBps },
    rows: page.rows.map((r) => ({ ...toMallProduct(r.product, d.feeBps, true), categoryName: r.categoryName, brandName: r.brandName, selected: r.selected })),
  };
}
