import { and, desc, eq } from 'drizzle-orm';
import { auditLog, brands, categories, products, users } from '@/server/db/schema';
import type { DbOrTx } from '@/server/db/client';
import type { StaffCtx, SupplierCtx } from '../context';
import { notFound } from '../errors';
import { productGrants } from './product-visibility';
import { selectStaffProducts, SUPPLIER_PRODUCT_COLUMNS, withImageUrls } from './product-views';

async function auditOf(db: DbOrTx, productId: number) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      actorKind: auditLog.actorKind,
      actorName: users.displayName,
      actorUsername: users.username,
      detail: auditLog.detail,
      at: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.entityType, 'product'), eq(auditLog.entityId, String(productId))))
    .orderBy(desc(auditLog.id))
    .limit(200);
}

/** One product as staff see it: its fields (never the supplier's own cost), grants and history. */
export async function staffProductDetail(ctx: StaffCtx, id: number) {
  const [row] = await selectStaffProducts(ctx.db).where(eq(products.id, id));
  if (!row) throw notFound('Product');
  const [grants, history] = await Promise.all([productGrants(ctx, id), auditOf(ctx.db, id)]);
  return { ...withImageUrls(row), grants, history };
}

/** What of an audit entry a supplier is told: the reasons given, the stock moves; no prices. */
const SUPPLIER_VISIBLE_DETAIL = ['reason', 'from', 'to', 'delta', 'changed'] as const;
/** The platform's own decisions about pricing and who is offered the product. */
const HIDDEN_FROM_SUPPLIER = new Set(['product.supply_price', 'product.visibility']);

/**
 * One of the supplier's own products, with its history: submissions, review decisions with
 * their reasons, shelf and stock changes. Staff names and the platform's prices stay out.
 */
export async function supplierProductDetail(ctx: SupplierCtx, id: number) {
  const [row] = await ctx.db
    .select({ ...SUPPLIER_PRODUCT_COLUMNS, categoryName: categories.name, brandName: brands.name })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(brands, eq(brands.id, products.brandId))
    .where(and(eq(products.id, id), eq(products.ownerSupplierId, ctx.actor.supplierId)));
  if (!row) throw notFound('Product');
  const history = (await auditOf(ctx.db, id))
    .filter((h) => !HIDDEN_FROM_SUPPLIER.has(h.action))
    .map((h) => ({
    id: h.id,
    action: h.action,
    by: h.actorKind === 'supplier' ? ('supplier' as const) : h.actorKind === 'staff' ? ('platform' as const) : ('system' as const),
    detail: Object.fromEntries(SUPPLIER_VISIBLE_DETAIL.filter((k) => k in h.detail).map((k) => [k, h.detail[k]])),
    at: h.at,
  }));
  return { ...withImageUrls(row), history };
}
