import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { recordStatus, selectionMode } from './enums';
import { brands, categories } from './catalog';
import { createdAt, tstz, updatedAt } from './types';

/** A distributor level (等级) and its service-fee rate (服务费比例) in basis points. */
export const distributorLevels = pgTable(
  'distributor_levels',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull().unique(),
    feeBps: integer('fee_bps').notNull(),
    /** Default open-API token bucket for distributors of this level. */
    rateLimitPerSecond: integer('rate_limit_per_second').notNull().default(50),
    rateLimitBurst: integer('rate_limit_burst').notNull().default(100),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('distributor_levels_fee_range', sql`${t.feeBps} >= 0 AND ${t.feeBps} <= 100000`),
    check('distributor_levels_rate_positive', sql`${t.rateLimitPerSecond} > 0 AND ${t.rateLimitBurst} > 0`),
  ],
);

/**
 * A distributor is exactly one mall. Secrets are AES-256-GCM ciphertexts (see lib/crypto);
 * the plain secret is shown once when issued. After a rotation the previous API secret
 * keeps working until `previous_secret_expires_at` (24 h), so the mall can switch over.
 */
export const distributors = pgTable(
  'distributors',
  {
    id: serial('id').primaryKey(),
    /** 编号, e.g. D0001: sent by the mall as X-Distributor-Code. */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    levelId: integer('level_id')
      .notNull()
      .references(() => distributorLevels.id),
    status: recordStatus('status').notNull().default('active'),
    contactName: text('contact_name').notNull().default(''),
    phone: text('phone').notNull().default(''),
    appKey: text('app_key').notNull().unique(),
    secretCiphertext: text('secret_ciphertext').notNull(),
    previousSecretCiphertext: text('previous_secret_ciphertext'),
    previousSecretExpiresAt: tstz('previous_secret_expires_at'),
    secretRotatedAt: tstz('secret_rotated_at'),
    /** Standard Webhooks signing secret (`whsec_…`), encrypted. */
    webhookSecretCiphertext: text('webhook_secret_ciphertext').notNull(),
    previousWebhookSecretCiphertext: text('previous_webhook_secret_ciphertext'),
    previousWebhookSecretExpiresAt: tstz('previous_webhook_secret_expires_at'),
    callbackUrl: text('callback_url'),
    /** Test mode (测试模式), switched by staff: orders reserve and debit copies, never live stock or money (domain/sandbox). */
    sandbox: boolean('sandbox').notNull().default(false),
    /** Since when every try to the callback URL failed (null: the last one succeeded). */
    callbackFailingSince: tstz('callback_failing_since'),
    /**
     * Set when the callback URL was disabled: after failing for 3 days, or at once on a
     * `410 Gone`. Nothing is sent until staff or the distributor enable it again.
     */
    callbackDisabledAt: tstz('callback_disabled_at'),
    callbackDisabledReason: text('callback_disabled_reason').$type<'failing' | 'gone'>(),
    /** Addresses or CIDR ranges of the mall's servers. Empty admits nobody. */
    ipWhitelist: jsonb('ip_whitelist').$type<string[]>().notNull().default([]),
    selectionMode: selectionMode('selection_mode').notNull().default('category'),
    /** Overrides of the level's token bucket; null uses the level's. */
    rateLimitPerSecond: integer('rate_limit_per_second'),
    rateLimitBurst: integer('rate_limit_burst'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('distributors_level_idx').on(t.levelId),
    check(
      'distributors_rate_positive',
      sql`(${t.rateLimitPerSecond} IS NULL OR ${t.rateLimitPerSecond} > 0) AND (${t.rateLimitBurst} IS NULL OR ${t.rateLimitBurst} > 0)`,
    ),
  ],
);

/** 选品 by category: the categories the distributor syncs (when `selection_mode = 'category'`). */
export const distributorCategories = pgTable(
  'distributor_categories',
  {
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
  },
  (t) => [primaryKey({ columns: [t.distributorId, t.categoryId] }), index('distributor_categories_category_idx').on(t.categoryId)],
);

/** 选品 by brand: the brands the distributor syncs (when `selection_mode = 'brand'`). */
export const distributorBrands = pgTable(
  'distributor_brands',
  {
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id, { onDelete: 'cascade' }),
    brandId: integer('brand_id')
      .notNull()
      .references(() => brands.id),
  },
  (t) => [primaryKey({ columns: [t.distributorId, t.brandId] }), index('distributor_brands_brand_idx').on(t.brandId)],
);

/**
 * One number that grows with every committed change to what decides, beside the products
 * themselves, which products a distributor is offered and at what price: a distributor's
 * level or selection mode, a level's fee, the categories or brands chosen, the category tree.
 * Written only by triggers on those tables (drizzle/0023), in the changing transaction: a
 * full-sync page read ahead is served only if this is the same as before it was read
 * (domain/mall/pages-ahead.ts). One row (`singleton` is true).
 */
export const catalogScopeVersion = pgTable(
  'catalog_scope_version',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [check('catalog_scope_version_one_row', sql`${t.singleton}`)],
);
