import { index, integer, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { recordStatus } from './enums';
import { brands, categories } from './catalog';
import { createdAt, updatedAt } from './types';

export const suppliers = pgTable('suppliers', {
  id: serial('id').primaryKey(),
  /** Company name (公司名称). */
  name: text('name').notNull(),
  contactName: text('contact_name').notNull().default(''),
  phone: text('phone').notNull().default(''),
  status: recordStatus('status').notNull().default('active'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** The categories a supplier may list products in. */
export const supplierCategories = pgTable(
  'supplier_categories',
  {
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
  },
  (t) => [primaryKey({ columns: [t.supplierId, t.categoryId] }), index('supplier_categories_category_idx').on(t.categoryId)],
);

/** The brands a supplier may list products under. */
export const supplierBrands = pgTable(
  'supplier_brands',
  {
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id, { onDelete: 'cascade' }),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
  },
  (t) => [primaryKey({ columns: [t.supplierId, t.brandId] }), index('supplier_brands_brand_idx').on(t.brandId)],
);
