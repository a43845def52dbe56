/**
 * The inputs of the catalog: one zod schema per form, used by the page that shows the form
 * and by the procedure that receives it. Money is integer fen; the forms parse what people
 * type with parseYuan (lib/money) before sending.
 */
import { z } from 'zod';
import { MAX_IMAGES_PER_PRODUCT } from '@/server/storage/images';
import { idSchema } from '../ids';
import { pageInput } from '../paging';

const id = idSchema;
const fen = z.number().int().min(0).max(100_000_000_00);
const name = (max: number) => z.string().trim().min(1).max(max);

export const idInput = z.strictObject({ id });
export const setStatusInput = z.strictObject({ id, status: z.enum(['active', 'disabled']) });

// Categories, brands, attributes

export const categoryInput = z.strictObject({
  name: name(64),
  parentId: id.nullable().default(null),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).default(0),
});
export const updateCategoryInput = categoryInput.extend({ id });

export const brandInput = z.strictObject({
  name: name(64),
  /** Storage key of an uploaded `brand/…` image. */
  logo: z.string().max(200).nullable().default(null),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).default(0),
});
export const updateBrandInput = brandInput.extend({ id });

export const attributeInput = z.strictObject({
  name: name(32),
  /** Allowed values; empty means free text. */
  values: z.array(name(64)).max(200).default([]),
  categoryIds: z.array(id).max(500).default([]),
  brandIds: z.array(id).max(500).default([]),
});
export const updateAttributeInput = attributeInput.extend({ id });

export const attributesForInput = z.strictObject({ categoryId: id, brandId: id });

// Products

/** 货号: what malls key on. Letters, digits and . _ - /, no spaces. */
export const skuCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, 'skuCode: 1–64 letters, digits or . _ - /, starting with a letter or digit');

export const productAttributeSchema = z.strictObject({ name: name(32), value: name(64) });

/** The fields every product has, whoever owns it (docs/product.md "Products"). */
const productFields = {
  skuCode: skuCodeSchema,
  title: name(200),
  categoryId: id,
  brandId: id,
  attributes: z.array(productAttributeSchema).max(50).default([]),
  images: z.array(z.string().max(200)).max(MAX_IMAGES_PER_PRODUCT).default([]),
  detailImages: z.array(z.string().max(200)).max(MAX_IMAGES_PER_PRODUCT).default([]),
  minQuantity: z.number().int().min(1).max(1_000_000).default(1),
  freight: fen.default(0),
};

export const stockSchema = z.number().int().min(0).max(1_000_000_000);

/** A platform product (自营), created by staff: on sale or off shelf at once, no review. */
export const platformProductInput = z.strictObject({
  ...productFields,
  stock: stockSchema.default(0),
  costPrice: fen,
  supplyPrice: fen,
  status: z.enum(['on_sale', 'off_shelf']).default('off_shelf'),
});
/** Stock is not part of an edit: staff adjust it with a reason (adjustStock). */
export const updatePlatformProductInput = platformProductInput.omit({ stock: true, status: true }).extend({ id });

/**
 * A supplier's product. `costPrice` is the supplier's supply price (what the platform pays);
 * `supplierCostPrice` is its own cost, private to it. `submit` sends it for review (立即审核)
 * instead of keeping it a draft (暂不审核).
 */
export const supplierProductInput = z.strictObject({
  ...productFields,
  stock: stockSchema.default(0),
  costPrice: fen,
  supplierCostPrice: fen.nullable().default(null),
  submit: z.boolean().default(false),
});
/** While a product is editable (draft, rejected, off shelf) its stock is one more field of the form. */
export const updateSupplierProductInput = supplierProductInput.extend({ id });

export const setStockInput = z.strictObject({ id, stock: stockSchema });
export const adjustStockInput = z.strictObject({
  id,
  delta: z.number().int().min(-1_000_000_000).max(1_000_000_000).refine((d) => d !== 0, 'delta: not zero'),
  reason: name(200),
});

export const shelfInput = z.strictObject({ ids: z.array(id).min(1).max(500), onSale: z.boolean() });

export const visibilityInput = z.strictObject({
  id,
  visibility: z.enum(['all', 'restricted']),
  levelIds: z.array(id).max(100).default([]),
  distributorIds: z.array(id).max(1000).default([]),
});

export const setSupplyPriceInput = z.strictObject({ id, supplyPrice: fen });

// Review

/** `submittedAt` names the submission the reviewer saw: a resubmission in between is refused. */
export const approveInput = z.strictObject({ id, submittedAt: z.date(), supplyPrice: fen });
export const rejectInput = z.strictObject({ id, submittedAt: z.date(), reason: name(500) });

// Lists

export const PRODUCT_STATUSES = ['draft', 'pending_review', 'rejected', 'on_sale', 'off_shelf', 'sold_out'] as const;
export const PRODUCT_SORTS = ['updatedAt', 'createdAt', 'skuCode', 'title', 'stock', 'supplyPrice', 'costPrice'] as const;

export const productListInput = z.strictObject({
  /** Part of the title, or of the SKU code. */
  q: z.string().trim().max(100).default(''),
  status: z.enum(PRODUCT_STATUSES).nullable().default(null),
  categoryId: id.nullable().default(null),
  brandId: id.nullable().default(null),
  /** Staff only: `platform` (自营), a supplier id, or null for everyone. */
  owner: z.union([z.literal('platform'), id]).nullable().default(null),
  sort: z.enum(PRODUCT_SORTS).default('updatedAt'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  ...pageInput.shape,
});
export type ProductListInput = z.output<typeof productListInput>;

export const reviewQueueInput = z.strictObject({
  q: z.string().trim().max(100).default(''),
  supplierId: id.nullable().default(null),
  ...pageInput.shape,
});

// CSV

export const MAX_CSV_ROWS = 5000;
export const importCsvInput = z.strictObject({
  csv: z.string().max(5 * 1024 * 1024),
  /** Check every row and report, writing nothing. */
  dryRun: z.boolean().default(false),
});
