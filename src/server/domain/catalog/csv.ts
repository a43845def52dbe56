/**
 * CSV import and export of products (papaparse). Export writes what the list shows, with
 * the filters applied; import takes the same columns back for platform products (自营):
 * a new SKU code creates a product, a known one updates it. Every row is checked first and
 * every problem reported with its line; only a file without a single problem is written,
 * in one transaction: nothing is ever half-imported.
 */
import Papa from 'papaparse';
import { asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { formatFen, parseYuan } from '@/lib/money';
import { brands, categories, products, suppliers, type ProductAttribute } from '@/server/db/schema';
import { isImageKeyFor, MAX_IMAGES_PER_PRODUCT } from '@/server/storage/images';
import { uploadStore } from '@/server/storage';
import { env } from '@/server/config/env';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { DomainError, isUniqueViolation } from '../errors';
import { recordStockMovements } from '../inventory/movements';
import { announceStatusChange } from './announce';
import { assertAttributesAllowed, attributesFor, type ApplicableAttribute } from './attributes';
import { bumpVersion, recordProductEvents } from './product-events';
import { staffProductBatches } from './product-list';
import { isListed } from './product-views';
import { MAX_CSV_ROWS, skuCodeSchema, type importCsvInput, type ProductListInput } from './schemas';
import { inTransaction } from './tx';

type Status = (typeof products.$inferSelect)['status'];

/** The columns, with the header each language writes; import accepts either, or the key. */
export const CSV_COLUMNS = [
  { key: 'skuCode', zh: '货号', en: 'SKU code' },
  { key: 'title', zh: '标题', en: 'Title' },
  { key: 'category', zh: '类目', en: 'Category' },
  { key: 'brand', zh: '品牌', en: 'Brand' },
  { key: 'stock', zh: '库存', en: 'Stock' },
  { key: 'minQuantity', zh: '起售数', en: 'Minimum quantity' },
  { key: 'costPrice', zh: '成本价', en: 'Cost price' },
  { key: 'supplyPrice', zh: '供货价', en: 'Supply price' },
  { key: 'freight', zh: '运费', en: 'Freight' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'attributes', zh: '属性', en: 'Attributes' },
  { key: 'images', zh: '主图', en: 'Images' },
  { key: 'detailImages', zh: '详情图', en: 'Detail images' },
  { key: 'owner', zh: '归属', en: 'Owner' },
] as const;
type ColumnKey = (typeof CSV_COLUMNS)[number]['key'];

const STATUS_WORDS: Record<string, Status> = {
  on_sale: 'on_sale',
  在售: 'on_sale',
  上架: 'on_sale',
  'on sale': 'on_sale',
  off_shelf: 'off_shelf',
  已下架: 'off_shelf',
  下架: 'off_shelf',
  'off shelf': 'off_shelf',
};
const STATUS_LABELS: Record<'zh' | 'en', Record<Status, string>> = {
  zh: { draft: '草稿', pending_review: '待审核', rejected: '已驳回', on_sale: '在售', off_shelf: '已下架', sold_out: '已售罄' },
  en: { draft: 'Draft', pending_review: 'In review', rejected: 'Rejected', on_sale: 'On sale', off_shelf: 'Off shelf', sold_out: 'Sold out' },
};

/** "规格=30包; 颜色=白色" ⇄ [{name, value}]. */
export function formatAttributes(attrs: ProductAttribute[]) {
  return attrs.map((a) => `${a.name}=${a.value}`).join('; ');
}

/** Image keys, or this site's own /uploads/ URLs of them (what the export writes). */
function imageKeysOf(cell: string): string[] {
  const prefix = `${env.publicBaseUrl}/uploads/`;
  return cell
    .split(/[\s|]+/)
    .filter(Boolean)
    .map((s) => (s.startsWith(prefix) ? decodeURIComponent(s.slice(prefix.length)) : s.replace(/^\/uploads\//, '')));
}

async function categoryPaths(ctx: StaffCtx) {
  const rows = await ctx.db.select({ id: categories.id, name: categories.name, parentId: categories.parentId, status: categories.status }).from(categories);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pathOf = (id: number): string => {
    const names: string[] = [];
    for (let c = byId.get(id); c; c = c.parentId ? byId.get(c.parentId) : undefined) names.unshift(c.name);
    return names.join('/');
  };
  return rows.map((r) => ({ ...r, path: pathOf(r.id) }));
}

// Export

/** The CSV of every product matching the list's filters, in chunks (UTF-8 with a BOM, for Excel). */
export async function* exportProductsCsv(ctx: StaffCtx, filters: ProductListInput, lang: 'zh' | 'en') {
  const [paths, brandRows, supplierRows] = await Promise.all([
    categoryPaths(ctx),
    ctx.db.select({ id: brands.id, name: brands.name }).from(brands),
    ctx.db.select({ id: suppliers.id, name: suppliers.name }).from(suppliers),
  ]);
  const categoryPath = new Map(paths.map((c) => [c.id, c.path]));
  const brandName = new Map(brandRows.map((b) => [b.id, b.name]));
  const supplierName = new Map(supplierRows.map((s) => [s.id, s.name]));
  const platform = lang === 'zh' ? '自营' : 'Platform';
  yield '\uFEFF' + Papa.unparse([CSV_COLUMNS.map((c) => c[lang])]) + '\r\n';
  for await (const batch of staffProductBatches(ctx, filters)) {
    const lines = batch.map((p) => {
      const cells: Record<ColumnKey, string> = {
        skuCode: p.skuCode,
        title: p.title,
        category: categoryPath.get(p.categoryId) ?? String(p.categoryId),
        brand: brandName.get(p.brandId) ?? String(p.brandId),
        stock: String(p.stock),
        minQuantity: String(p.minQuantity),
        costPrice: formatFen(p.costPrice, { grouping: false }),
        supplyPrice: p.supplyPrice === null ? '' : formatFen(p.supplyPrice, { grouping: false }),
        freight: formatFen(p.freight, { grouping: false }),
        status: STATUS_LABELS[lang][p.status],
        attributes: formatAttributes(p.attributes),
        images: p.images.join(' '),
        detailImages: p.detailImages.join(' '),
        owner: p.ownerSupplierId === null ? platform : (supplierName.get(p.ownerSupplierId) ?? String(p.ownerSupplierId)),
      };
      return CSV_COLUMNS.map((c) => cells[c.key]);
    });
    yield Papa.unparse(lines) + '\r\n';
  }
}

// Import

export type CsvRowError = { line: number; column: ColumnKey | null; code: string; message: string; value?: string };

export type ImportResult = {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: CsvRowError[];
};

type ParsedRow = {
  line: number;
  skuCode: string;
  title: string;
  categoryId: number;
  brandId: number;
  stock: number | null;
  minQuantity: number | null;
  costPrice: number;
  supplyPrice: number;
  freight: number | null;
  status: Status | null;
  attributes: ProductAttribute[] | null;
  images: string[] | null;
  detailImages: string[] | null;
};

/** Maps each header cell to its column key; unknown headers are ignored (e.g. 归属). */
function headerKeys(header: string[]): (ColumnKey | null)[] {
  return header.map((h) => {
    const name = h.trim().toLowerCase();
    const column = CSV_COLUMNS.find((c) => c.key.toLowerCase() === name || c.zh === name || c.en.toLowerCase() === name);
    return column?.key ?? null;
  });
}

/**
 * Checks every row against everything that is known before writing: formats, categories,
 * brands, attributes, images, SKU codes repeated in the file or belonging to a supplier.
 */
async function parseRows(ctx: StaffCtx, csv: string): Promise<{ total: number; rows: ParsedRow[]; existing: Map<string, { id: number }>; errors: CsvRowError[] }> {
  const errors: CsvRowError[] = [];
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  for (const e of parsed.errors) errors.push({ line: (e.row ?? 0) + 1, column: null, code: 'csv_syntax', message: e.message });
  const [header = [], ...data] = parsed.data;
  const keys = headerKeys(header);
  for (const required of ['skuCode', 'title', 'category', 'brand', 'costPrice', 'supplyPrice'] as const) {
    if (!keys.includes(required)) errors.push({ line: 1, column: required, code: 'missing_column', message: `The column "${required}" is missing` });
  }
  if (data.length === 0) errors.push({ line: 1, column: null, code: 'no_rows', message: 'The file has no product rows' });
  if (data.length > MAX_CSV_ROWS) errors.push({ line: MAX_CSV_ROWS + 2, column: null, code: 'too_many_rows', message: `At most ${MAX_CSV_ROWS} rows per file` });
  if (errors.length) return { total: data.length, rows: [], existing: new Map(), errors };

  const [paths, brandRows] = await Promise.all([categoryPaths(ctx), ctx.db.select({ id: brands.id, name: brands.name, status: brands.status }).from(brands)]);
  const skus = data.map((cells) => (cells[keys.indexOf('skuCode')] ?? '').trim()).filter(Boolean);
  const existingRows = skus.length
    ? await ctx.db.select({ id: products.id, skuCode: products.skuCode, ownerSupplierId: products.ownerSupplierId, categoryId: products.categoryId, brandId: products.brandId }).from(products).where(inArray(products.skuCode, skus))
    : [];
  const existing = new Map(existingRows.map((p) => [p.skuCode, p]));
  const attributeCache = new Map<string, Promise<ApplicableAttribute[]>>();
  const store = uploadStore();
  const seenSku = new Map<string, number>();
  const rows: ParsedRow[] = [];

  for (const [i, cells] of data.entries()) {
    const line = i + 2; // the header is line 1
    const rowErrors: CsvRowError[] = [];
    const cell = (key: ColumnKey) => {
      const at = keys.indexOf(key);
      return at < 0 ? '' : (cells[at] ?? '').trim();
    };
    const fail = (column: ColumnKey | null, code: string, message: string) => rowErrors.push({ line, column, code, message, value: column ? cell(column) : undefined });
    const required = (key: ColumnKey) => {
      if (!cell(key)) fail(key, 'required', `${key} is required`);
      return cell(key);
    };
    const money = (key: ColumnKey, optional: boolean) => {
      const text = optional ? cell(key) : required(key);
      if (!text) return null;
      const fen = parseYuan(text);
      if (fen === null || fen < 0) fail(key, 'invalid_money', `${key}: not an amount in yuan`);
      return fen;
    };
    const integer = (key: ColumnKey, min: number) => {
      const text = cell(key);
      if (!text) return null;
      const n = Number(text.replace(/[,，]/g, ''));
      if (!Number.isSafeInteger(n) || n < min) fail(key, 'invalid_integer', `${key}: a whole number ≥ ${min}`);
      return n;
    };

    const skuCode = required('skuCode');
    if (skuCode && !skuCodeSchema.safeParse(skuCode).success) fail('skuCode', 'invalid_sku', 'SKU code: letters, digits or . _ - /');
    if (skuCode && seenSku.has(skuCode)) fail('skuCode', 'duplicate_in_file', `SKU code repeated (line ${seenSku.get(skuCode)})`);
    if (skuCode) seenSku.set(skuCode, line);
    const known = existing.get(skuCode);
    if (known && known.ownerSupplierId !== null) fail('skuCode', 'supplier_product', "This SKU code is a supplier's product; import only updates platform products");
    const title = required('title');
    if (title.length > 200) fail('title', 'too_long', 'Title: at most 200 characters');

    const categoryText = required('category');
    let categoryId = 0;
    if (categoryText) {
      const matches = paths.filter((c) => c.path === categoryText || String(c.id) === categoryText || c.name === categoryText);
      const exact = matches.find((c) => c.path === categoryText || String(c.id) === categoryText);
      const category = exact ?? (matches.length === 1 ? matches[0] : undefined);
      if (!category) fail('category', matches.length > 1 ? 'ambiguous_category' : 'unknown_category', matches.length > 1 ? 'Several categories have this name; write the path, e.g. 食品饮料/休闲零食' : 'Unknown category');
      else if (category.status !== 'active' && known?.categoryId !== category.id) fail('category', 'disabled_category', 'This category is disabled');
      else categoryId = category.id;
    }
    const brandText = required('brand');
    let brandId = 0;
    if (brandText) {
      const brand = brandRows.find((b) => b.name === brandText || String(b.id) === brandText);
      if (!brand) fail('brand', 'unknown_brand', 'Unknown brand');
      else if (brand.status !== 'active' && known?.brandId !== brand.id) fail('brand', 'disabled_brand', 'This brand is disabled');
      else brandId = brand.id;
    }

    const costPrice = money('costPrice', false);
    const supplyPrice = money('supplyPrice', false);
    const freight = money('freight', true);
    const stock = integer('stock', 0);
    const minQuantity = integer('minQuantity', 1);
    if (stock !== null && stock > 1_000_000_000) fail('stock', 'invalid_integer', 'Stock: at most 1,000,000,000');

    let status: Status | null = null;
    if (cell('status')) {
      status = STATUS_WORDS[cell('status').toLowerCase()] ?? null;
      if (!status) fail('status', 'invalid_status', 'Status: 在售 or 已下架 (on_sale / off_shelf)');
    }

    let attributes: ProductAttribute[] | null = null;
    if (cell('attributes')) {
      attributes = [];
      for (const part of cell('attributes').split(/[;；\n]/).map((s) => s.trim()).filter(Boolean)) {
        const [name, ...rest] = part.split(/[=＝:：]/);
        if (!name?.trim() || !rest.join('=').trim()) fail('attributes', 'invalid_attributes', 'Attributes: name=value; name=value');
        else attributes.push({ name: name.trim(), value: rest.join('=').trim() });
      }
      if (categoryId && brandId && rowErrors.length === 0) {
        const cacheKey = `${categoryId}:${brandId}`;
        if (!attributeCache.has(cacheKey)) attributeCache.set(cacheKey, attributesFor(ctx.db, categoryId, brandId));
        try {
          assertAttributesAllowed(attributes, await attributeCache.get(cacheKey)!);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          fail('attributes', 'attribute_not_allowed', e.message);
        }
      }
    }

    const images = cell('images') ? imageKeysOf(cell('images')) : null;
    const detailImages = cell('detailImages') ? imageKeysOf(cell('detailImages')) : null;
    if ((images?.length ?? 0) + (detailImages?.length ?? 0) > MAX_IMAGES_PER_PRODUCT) fail('images', 'too_many_images', `At most ${MAX_IMAGES_PER_PRODUCT} images per product`);
    for (const [column, keysOfColumn] of [['images', images], ['detailImages', detailImages]] as const) {
      for (const key of keysOfColumn ?? []) {
        if (!isImageKeyFor('product', key) || !(await store.exists(key))) {
          fail(column, 'unknown_image', `Unknown image: ${key}`);
          break;
        }
      }
    }

    errors.push(...rowErrors);
    if (rowErrors.length === 0) {
      rows.push({ line, skuCode, title, categoryId, brandId, stock, minQuantity, costPrice: costPrice!, supplyPrice: supplyPrice!, freight, status, attributes, images, detailImages });
    }
  }
  return { total: data.length, rows, existing, errors };
}

const CHUNK = 500;
function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Imports platform products from CSV. With `dryRun`, or when any row has a problem, writes
 * nothing and reports. Otherwise creates and updates every row in one transaction; each
 * product is audited and malls hear of listed ones, as with a change made by hand.
 */
export async function importProductsCsv(ctx: StaffCtx, input: z.output<typeof importCsvInput>): Promise<ImportResult> {
  const { total, rows, existing, errors } = await parseRows(ctx, input.csv);
  const toCreate = rows.filter((r) => !existing.has(r.skuCode));
  const toUpdate = new Map(rows.filter((r) => existing.has(r.skuCode)).map((r) => [existing.get(r.skuCode)!.id, r]));
  const result: ImportResult = { ok: errors.length === 0, dryRun: input.dryRun, rows: total, created: toCreate.length, updated: toUpdate.size, errors };
  // A dry run reports what would happen; a file with problems, only the problems.
  if (errors.length) return { ...result, created: 0, updated: 0 };
  if (input.dryRun) return result;

  try {
    await inTransaction(ctx, async (tx) => {
      // New products: inserted in chunks. A SKU code taken meanwhile fails the whole import.
      for (const chunk of chunks(toCreate)) {
        const created = await tx.db
          .insert(products)
          .values(
            chunk.map((r) => ({
              skuCode: r.skuCode,
              title: r.title,
              categoryId: r.categoryId,
              brandId: r.brandId,
              attributes: r.attributes ?? [],
              images: r.images ?? [],
              detailImages: r.detailImages ?? [],
              stock: r.stock ?? 0,
              minQuantity: r.minQuantity ?? 1,
              costPrice: r.costPrice,
              supplyPrice: r.supplyPrice,
              freight: r.freight ?? 0,
              status: r.status ?? ('off_shelf' as const),
              ownerSupplierId: null,
            })),
          )
          .returning({ id: products.id, skuCode: products.skuCode, status: products.status, stock: products.stock });
        await recordStockMovements(tx.db, created.map((p) => ({ productId: p.id, delta: p.stock, cause: { kind: 'imported' as const, userId: ctx.actor.userId } })));
        for (const p of created) {
          await recordAudit(tx, { action: 'product.create', entityType: 'product', entityId: p.id, detail: { skuCode: p.skuCode, status: p.status, stock: p.stock, via: 'csv' } });
        }
        await announceStatusChange(tx.db, created.filter((p) => p.status === 'on_sale').map((p) => p.id), 'draft', 'on_sale');
      }

      // Known products: locked in id order, then updated one by one (each its own version).
      const ids = [...toUpdate.keys()].sort((a, b) => a - b);
      for (const idChunk of chunks(ids)) {
        const locked = await tx.db
          .select({ id: products.id, status: products.status, stock: products.stock })
          .from(products)
          .where(inArray(products.id, idChunk))
          .orderBy(asc(products.id))
          .for('no key update');
        const listedAfter: number[] = [];
        const withdrawn: number[] = [];
        for (const before of locked) {
          const r = toUpdate.get(before.id)!;
          const stock = r.stock ?? before.stock;
          const status = nextStatus(before.status, r.status, stock);
          await tx.db
            .update(products)
            .set({
              title: r.title,
              categoryId: r.categoryId,
              brandId: r.brandId,
              costPrice: r.costPrice,
              supplyPrice: r.supplyPrice,
              stock,
              status,
              ...(r.minQuantity !== null ? { minQuantity: r.minQuantity } : {}),
              ...(r.freight !== null ? { freight: r.freight } : {}),
              ...(r.attributes !== null ? { attributes: r.attributes } : {}),
              ...(r.images !== null ? { images: r.images } : {}),
              ...(r.detailImages !== null ? { detailImages: r.detailImages } : {}),
              ...bumpVersion(),
            })
            .where(eq(products.id, before.id));
          await recordStockMovements(tx.db, [{ productId: before.id, delta: stock - before.stock, cause: { kind: 'imported', userId: ctx.actor.userId } }]);
          await recordAudit(tx, {
            action: 'product.update',
            entityType: 'product',
            entityId: before.id,
            detail: { via: 'csv', ...(stock !== before.stock ? { from: before.stock, to: stock, reason: 'CSV import' } : {}), ...(status !== before.status ? { status } : {}) },
          });
          if (isListed(status)) listedAfter.push(before.id);
          else if (isListed(before.status)) withdrawn.push(before.id);
        }
        await recordProductEvents(tx.db, listedAfter, 'updated');
        await recordProductEvents(tx.db, withdrawn, 'status');
      }
    });
  } catch (e) {
    if (isUniqueViolation(e, 'products_sku_code_unique')) {
      return { ...result, ok: false, created: 0, updated: 0, errors: [{ line: 1, column: 'skuCode', code: 'sku_taken_meanwhile', message: 'Someone saved one of these SKU codes meanwhile; nothing was imported. Run the import again.' }] };
    }
    throw e;
  }
  return result;
}

/**
 * The status after an import row: `已下架` takes a product off shelf; `在售` lists an
 * off-shelf one; stock arriving for a sold-out product puts it back on sale (as
 * stock-rules.ts does for any restock).
 */
function nextStatus(current: Status, wanted: Status | null, stock: number): Status {
  if (wanted === 'off_shelf') return 'off_shelf';
  if (current === 'sold_out') return stock > 0 ? 'on_sale' : 'sold_out';
  if (wanted === 'on_sale') return 'on_sale';
  return current;
}
