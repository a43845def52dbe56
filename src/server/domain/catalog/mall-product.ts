import { sql, type SQL } from 'drizzle-orm';
import { agreedUnitPrice, BPS_DENOMINATOR, serviceFee } from '@/lib/money';
import type { Product } from '@/mall-client/types';
import { env } from '@/server/config/env';
import { products } from '@/server/db/schema';
import { uploadUrl } from '@/server/storage/urls';

type ProductRow = typeof products.$inferSelect;

/** A product as a mall sees it (docs/open-api.md "Product"), priced for one distributor: the wire shape of the mall client. */
export type MallProduct = Product;

export type MallStatus = MallProduct['status'];

/** What a mall is told of a product's status: listed statuses pass, anything else is withdrawn. */
export function mallStatus(status: ProductRow['status'], offered: boolean): MallStatus {
  if (!offered) return 'unavailable';
  return status === 'on_sale' || status === 'sold_out' ? status : 'unavailable';
}

/**
 * Serialises a product for a distributor at its level's fee. `offered` is whether the
 * product is offered to that distributor (catalog/visibility.ts); if not, it shows as
 * `unavailable`, and only as that: its prices, stock and images belong to the distributors
 * it is offered to (a product restricted to another level tells this one only that it is
 * gone). The supplier's private cost and the platform's cost never appear here.
 */
export function toMallProduct(p: ProductRow, feeBps: number, offered: boolean): MallProduct {
  const view = listing(p, feeBps, offered);
  if (offered) return view;
  return { ...view, images: [], detailImages: [], attributes: [], stock: 0, supplyPrice: 0, serviceFeeBps: 0, serviceFee: 0, agreedPrice: 0, freight: 0 };
}

function listing(p: ProductRow, feeBps: number, offered: boolean): MallProduct {
  const supplyPrice = p.supplyPrice ?? 0;
  const base = env.publicBaseUrl;
  return {
    id: p.id,
    skuCode: p.skuCode,
    title: p.title,
    categoryId: p.categoryId,
    brandId: p.brandId,
    images: p.images.map((key) => uploadUrl(base, key)),
    detailImages: p.detailImages.map((key) => uploadUrl(base, key)),
    attributes: p.attributes,
    minQuantity: p.minQuantity,
    stock: p.stock,
    supplyPrice,
    serviceFeeBps: feeBps,
    serviceFee: serviceFee(supplyPrice, feeBps),
    agreedPrice: agreedUnitPrice(supplyPrice, feeBps),
    freight: p.freight,
    status: mallStatus(p.status, offered),
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  };
}

/**
 * `toMallProduct` in SQL: one product of `products` as the JSON text a mall reads, built by
 * PostgreSQL, so that a catalog page is one text value from the database to the socket (no
 * rows mapped into objects and stringified again). The same fields in the same order with
 * the same values (tests/open-api/catalog-json.test.ts compares the two over varied
 * products, and after every kind of write). `offered` and `feeBps` are expressions of the
 * statement; `base` is `jsonEscapedBase` of the public base URL (PUBLIC_BASE_URL), a parameter.
 *
 * Most of it is kept ready in the product's row (drizzle/0017: `mall_json_head` up to the
 * minimum quantity, `mall_json_tail` from the freight on, rewritten by triggers whenever
 * a column they show is written; the head in ASCII, drizzle/0021, like every answer of the
 * open API: `asciiJson`): a page only puts the base URL into the head (chr(1) marks its
 * place), and the distributor's three fee fields between the stock and supply price (kept
 * ready in `mall_json_stock`, drizzle/0022) and the tail (BENCHMARKS.md, full sync). The
 * stock is kept apart from the head, so that an order's reservation (stock, version,
 * updatedAt) rewrites only the short texts. The small parts are joined first, so the long
 * head is copied once. A product not offered to the distributor shows only that it is
 * gone (see toMallProduct), written here from its row.
 */
export function readyMallProductJson(o: { offered: SQL; feeBps: SQL; base: SQL }): SQL {
  const supply = sql`coalesce(${products.supplyPrice}, 0)`;
  const fee = sql`((${supply} * ${o.feeBps} + ${sql.raw(String(BPS_DENOMINATOR / 2))}) / ${sql.raw(String(BPS_DENOMINATOR))})`;
  const ready = sql`replace("products"."mall_json_head", chr(1), ${o.base})
    || ("products"."mall_json_stock" || ',"serviceFeeBps":' || ${o.feeBps} || ',"serviceFee":' || ${fee} || ',"agreedPrice":' || (${supply} + ${fee}) || "products"."mall_json_tail")`;
  const gone = sql`'{"id":' || ${products.id}
    || ',"skuCode":' || hub_json_ascii(to_json(${products.skuCode})::text)
    || ',"title":' || hub_json_ascii(to_json(${products.title})::text)
    || ',"categoryId":' || ${products.categoryId}
    || ',"brandId":' || ${products.brandId}
    || ',"images":[],"detailImages":[],"attributes":[],"minQuantity":' || ${products.minQuantity}
    || ',"stock":0,"supplyPrice":0,"serviceFeeBps":0,"serviceFee":0,"agreedPrice":0,"freight":0,"status":"unavailable","version":' || ${products.version}
    || ',"updatedAt":"' || to_char(${products.updatedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}'`;
  return sql`CASE WHEN ${o.offered} THEN ${ready} ELSE ${gone} END`;
}

/** What stands for chr(1) in the ready JSON: the base URL as it is written inside a JSON string. */
export function jsonEscapedBase(base: string): string {
  return JSON.stringify(base).slice(1, -1);
}
