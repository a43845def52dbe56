import { z } from 'zod';
import { idSchema } from '../ids';
import { pageInput } from '../paging';

/**
 * Inputs of the distributor verbs. The portals' forms and the tRPC routers validate with
 * these same schemas.
 */

export { idSchema };

/** Basis points: 500 = 5%. The database allows 0–100000 (0–1000%). */
export const feeBpsSchema = z.number().int().min(0, 'fee rate: at least 0').max(100_000, 'fee rate: at most 1000%');

/** Requests per second and burst of the open API's token bucket. */
export const rateSchema = z.number().int().min(1).max(100_000);

export const levelInput = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(64),
  feeBps: feeBpsSchema,
  rateLimitPerSecond: rateSchema.default(50),
  rateLimitBurst: rateSchema.default(100),
});

export const updateLevelInput = levelInput.extend({ id: idSchema });

export const distributorIdInput = z.strictObject({ id: idSchema });

/** What staff's distributor list sorts by (with `dir`): the order they joined (their codes), or their balance. */
export const DISTRIBUTOR_SORTS = ['id', 'balance'] as const;

export const listDistributorsInput = pageInput.extend({
  /** Code, name, contact or portal login name. */
  search: z.string().trim().max(64).optional(),
  levelId: idSchema.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  /** In the order they joined unless asked otherwise; ties by id, so pages never overlap. */
  sort: z.enum(DISTRIBUTOR_SORTS).default('id'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});

export const updateDistributorProfileInput = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1, 'name is required').max(128),
  contactName: z.string().trim().max(64).default(''),
  phone: z.string().trim().max(32).default(''),
});

export const changeLevelInput = z.strictObject({ id: idSchema, levelId: idSchema });

/** Null clears an override: the distributor then gets its level's limits. */
export const setRateLimitsInput = z.strictObject({
  id: idSchema,
  rateLimitPerSecond: rateSchema.nullable(),
  rateLimitBurst: rateSchema.nullable(),
});

export const setDistributorStatusInput = z.strictObject({ id: idSchema, status: z.enum(['active', 'disabled']) });

/** What a mall's operator may change of its own binding (and staff of anyone's). */
export const bindingInput = z.strictObject({
  callbackUrl: z.string().trim().max(2048).nullable(),
  ipWhitelist: z.array(z.string().max(64)).max(200),
});

export const staffBindingInput = bindingInput.extend({ id: idSchema });

export const selectionInput = z.strictObject({
  mode: z.enum(['category', 'brand']),
  categoryIds: z.array(idSchema).max(1000),
  brandIds: z.array(idSchema).max(1000),
});

/** What the distributor's price list sorts by (with `dir`). */
export const PRICE_LIST_SORTS = ['id', 'price', 'stock'] as const;

export const priceListInput = pageInput.extend({
  /** Title or SKU code (货号). */
  search: z.string().trim().max(64).optional(),
  categoryId: idSchema.optional(),
  brandId: idSchema.optional(),
  status: z.enum(['on_sale', 'sold_out']).optional(),
  /** Only what the distributor's selection (选品) syncs. */
  selectedOnly: z.boolean().default(false),
  /**
   * By product id unless asked otherwise; `price` is the supply price, which orders the
   * agreed prices too (one fee rate for the whole list). Ties by id, so pages never overlap.
   */
  sort: z.enum(PRICE_LIST_SORTS).default('id'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
