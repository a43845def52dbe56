import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
} from 'drizzle-orm/pg-core';
import { productStatus, productVisibility, recordStatus } from './enums';
import { suppliers } from './suppliers';
import { distributorLevels, distributors } from './distributors';
import { createdAt, fen, tstz, updatedAt } from './types';

/** A tree: a category with no parent is a top-level one. */
export const categories = pgTable(
  'categories',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id').references((): AnyPgColumn => categories.id),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    status: recordStatus('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('categories_parent_idx').on(t.parentId, t.sortOrder)],
);

export const brands = pgTable('brands', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** Storage key of the logo image (see the uploads store), or null. */
  logo: text('logo'),
  sortOrder: integer('sort_order').notNull().default(0),
  status: recordStatus('status').notNull().default('active'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A product attribute (属性) with its allowed values, offered where its categories/brands apply. */
export const attributes = pgTable('attributes', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** Allowed values; an empty list means free text. */
  values: jsonb('values').$type<string[]>().notNull().default([]),
  status: recordStatus('status').notNull().default('active'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const attributeCategories = pgTable(
  'attribute_categories',
  {
    attributeId: integer('attribute_id')
      .notNull()
      .references(() => attributes.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
  },
  (t) => [primaryKey({ columns: [t.attributeId, t.categoryId] }), index('attribute_categories_category_idx').on(t.categoryId)],
);

export const attributeBrands = pgTable(
  'attribute_brands',
  {
    attributeId: integer('attribute_id')
      .notNull()
      .references(() => attributes.id, { onDelete: 'cascade' }),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
  },
  (t) => [primaryKey({ columns: [t.attributeId, t.brandId] }), index('attribute_brands_brand_idx').on(t.brandId)],
);

export type ProductAttribute = { name: string; value: string };

/**
 * One SKU. The owner is the platform (`owner_supplier_id` null: 自营) or a supplier.
 * Prices are fen:
 * - `cost_price`: what the platform pays; for a supplier product, the supplier's supply price.
 * - `supply_price`: the platform's price to distributors before service fee (null until staff
 *   set it when approving a supplier product).
 * - `supplier_cost_price`: the supplier's own cost, private to that supplier; never shown to staff.
 * `version` and `updated_at` move with every change a mall can see (catalog sync depends on it).
 */
export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    skuCode: text('sku_code').notNull().unique(),
    title: text('title').notNull(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
    ownerSupplierId: integer('owner_supplier_id').references(() => suppliers.id),
    attributes: jsonb('attributes').$type<ProductAttribute[]>().notNull().default([]),
    /** Storage keys of the main images, in display order. */
    images: jsonb('images').$type<string[]>().notNull().default([]),
    /** Storage keys of the detail-page images (the detail page is images only). */
    detailImages: jsonb('detail_images').$type<string[]>().notNull().default([]),
    stock: integer('stock').notNull().default(0),
    minQuantity: integer('min_quantity').notNull().default(1),
    costPrice: fen('cost_price').notNull().default(0),
    supplyPrice: fen('supply_price'),
    supplierCostPrice: fen('supplier_cost_price'),
    freight: fen('freight').notNull().default(0),
    status: productStatus('status').notNull().default('draft'),
    rejectReason: text('reject_reason'),
    visibility: productVisibility('visibility').notNull().default('all'),
    version: bigint('version', { mode: 'number' }).notNull().default(1),
    submittedAt: tstz('submitted_at'),
    reviewedAt: tstz('reviewed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The last line of defence against overselling: no code path can drive stock negative.
    check('products_stock_nonnegative', sql`${t.stock} >= 0`),
    check('products_min_quantity_positive', sql`${t.minQuantity} >= 1`),
    check(
      'products_prices_nonnegative',
      sql`${t.costPrice} >= 0 AND (${t.supplyPrice} IS NULL OR ${t.supplyPrice} >= 0)
       AND (${t.supplierCostPrice} IS NULL OR ${t.supplierCostPrice} >= 0) AND ${t.freight} >= 0`,
    ),
    // A product cannot be offered to distributors without a price to charge them.
    check(
      'products_sellable_has_supply_price',
      sql`${t.status} NOT IN ('on_sale', 'sold_out') OR ${t.supplyPrice} IS NOT NULL`,
    ),
    check('products_platform_has_no_supplier_cost', sql`${t.ownerSupplierId} IS NOT NULL OR ${t.supplierCostPrice} IS NULL`),
    // Keyset paging of the open API's catalog (by category, by brand, by change time).
    index('products_category_page_idx').on(t.categoryId, t.id),
    index('products_brand_page_idx').on(t.brandId, t.id),
    index('products_updated_page_idx').on(t.updatedAt, t.id),
    index('products_owner_idx').on(t.ownerSupplierId, t.status),
    index('products_status_idx').on(t.status, t.id),
    // Substring search on titles in the staff list, fast at 100k products.
    index('products_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')),
    // Substring search on SKU codes in the same lists (the unique b-tree only serves exact matches).
    index('products_sku_trgm_idx').using('gin', t.skuCode.op('gin_trgm_ops')),
  ],
);

/** With `visibility = 'restricted'`: the levels a product is offered to. */
export const productLevelGrants = pgTable(
  'product_level_grants',
  {
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    levelId: integer('level_id')
      .notNull()
      .references(() => distributorLevels.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.levelId] }), index('product_level_grants_level_idx').on(t.levelId)],
);

/** With `visibility = 'restricted'`: the single distributors a product is offered to. */
export const productDistributorGrants = pgTable(
  'product_distributor_grants',
  {
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.distributorId] }),
    index('product_distributor_grants_distributor_idx').on(t.distributorId),
  ],
);
