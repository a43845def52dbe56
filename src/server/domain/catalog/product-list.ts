import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { brands, categories, products } from '@/server/db/schema';
import type { StaffCtx, SupplierCtx } from '../context';
import { containsText } from '@/server/db/like';
import { pageOf, sortedBy } from '../paging';
import { inCategoryTree } from './visibility';
import { selectStaffProducts, STAFF_PRODUCT_COLUMNS, SUPPLIER_PRODUCT_COLUMNS, withImageUrls } from './product-views';
import type { ProductListInput } from './schemas';

const SORT_COLUMNS = {
  updatedAt: products.updatedAt,
  createdAt: products.createdAt,
  skuCode: products.skuCode,
  title: products.title,
  stock: products.stock,
  supplyPrice: products.supplyPrice,
  costPrice: products.costPrice,
} as const;

/**
 * The filters of a product list. Search is a substring of the title or of the SKU code,
 * served by the trigram indexes (products_title_trgm_idx, products_sku_trgm_idx).
 */
function listConditions(input: ProductListInput, scope: SQL | undefined): SQL | undefined {
  const conditions: (SQL | undefined)[] = [scope];
  if (input.q) conditions.push(or(containsText(products.title, input.q), containsText(products.skuCode, input.q)));
  if (input.status) conditions.push(eq(products.status, input.status));
  if (input.categoryId) conditions.push(inCategoryTree(input.categoryId));
  if (input.brandId) conditions.push(eq(products.brandId, input.brandId));
  return and(...conditions);
}

function orderOf(input: Pick<ProductListInput, 'sort' | 'dir'>) {
  return sortedBy(SORT_COLUMNS[input.sort], products.id, input.dir);
}

/** Staff may narrow to the platform's own products (自营) or one supplier's. */
function ownerFilter(input: ProductListInput): SQL | undefined {
  if (input.owner === 'platform') return isNull(products.ownerSupplierId);
  return input.owner ? eq(products.ownerSupplierId, input.owner) : undefined;
}

/** The staff product list: every owner (or one), searched, filtered, sorted and paged. */
export async function listProductsForStaff(ctx: StaffCtx, input: ProductListInput) {
  const where = listConditions(input, ownerFilter(input));
  const page = await pageOf(ctx.db, input, selectStaffProducts(ctx.db).where(where).orderBy(...orderOf(input)), products, where);
  return { ...page, rows: page.rows.map(withImageUrls) };
}

/** A supplier's own products, and nobody else's. */
export async function listProductsForSupplier(ctx: SupplierCtx, input: Omit<ProductListInput, 'owner'>) {
  const where = listConditions({ ...input, owner: null }, eq(products.ownerSupplierId, ctx.actor.supplierId));
  const query = ctx.db
    .select({ ...SUPPLIER_PRODUCT_COLUMNS, categoryName: categories.name, brandName: brands.name })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(brands, eq(brands.id, products.brandId))
    .where(where)
    // Suppliers do not see the platform's supply price; their own supply price is cost_price.
    .orderBy(...orderOf({ ...input, sort: input.sort === 'supplyPrice' ? 'costPrice' : input.sort }))
    .$dynamic();
  const page = await pageOf(ctx.db, input, query, products, where);
  return { ...page, rows: page.rows.map(withImageUrls) };
}

/** Every product matching the filters, in pages of `batch`, for the CSV export. */
export async function* staffProductBatches(ctx: StaffCtx, input: ProductListInput, batch = 1000) {
  const where = listConditions(input, ownerFilter(input));
  let afterId = 0;
  for (;;) {
    const rows = await ctx.db
      .select(STAFF_PRODUCT_COLUMNS)
      .from(products)
      .where(and(where, sql`${products.id} > ${afterId}`))
      .orderBy(asc(products.id))
      .limit(batch);
    if (rows.length === 0) return;
    yield rows;
    afterId = rows[rows.length - 1].id;
  }
}
