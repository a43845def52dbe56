/**
 * What each side may see of a product. Every staff query selects STAFF_PRODUCT_COLUMNS, which
 * leave out the supplier's private cost; supplier queries select SUPPLIER_PRODUCT_COLUMNS,
 * which leave out the platform's own price to distributors and its visibility choices.
 */
import { eq, getTableColumns } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { brands, categories, products, suppliers } from '@/server/db/schema';
import { publicUploadUrl } from '@/server/storage/urls';

const { supplierCostPrice: _privateToSupplier, ...staffColumns } = getTableColumns(products);
export const STAFF_PRODUCT_COLUMNS = staffColumns;

const { supplyPrice: _platformPrice, visibility: _platformVisibility, ...supplierColumns } = getTableColumns(products);
export const SUPPLIER_PRODUCT_COLUMNS = supplierColumns;

export type StaffProductRow = { [K in keyof typeof STAFF_PRODUCT_COLUMNS]: (typeof products.$inferSelect)[K] };
export type SupplierProductRow = { [K in keyof typeof SUPPLIER_PRODUCT_COLUMNS]: (typeof products.$inferSelect)[K] };

/** The public URLs of a product's images, beside their keys (forms send keys back). */
export function withImageUrls<T extends { images: string[]; detailImages: string[] }>(row: T) {
  return { ...row, imageUrls: row.images.map(publicUploadUrl), detailImageUrls: row.detailImages.map(publicUploadUrl) };
}

/** Statuses in which malls list a product (see visibility.ts). */
export const isListed = (status: (typeof products.$inferSelect)['status']) => status === 'on_sale' || status === 'sold_out';

/** Staff rows with the names people read beside them: category, brand, supplier (null: 自营). */
export function selectStaffProducts(db: DbOrTx) {
  return db
    .select({ ...STAFF_PRODUCT_COLUMNS, categoryName: categories.name, brandName: brands.name, supplierName: suppliers.name })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(brands, eq(brands.id, products.brandId))
    .leftJoin(suppliers, eq(suppliers.id, products.ownerSupplierId))
    .$dynamic();
}
