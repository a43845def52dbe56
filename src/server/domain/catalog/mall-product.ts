import { type AnyColumn, sql, type SQL } from 'drizzle-orm';
import { agreedUnitPrice, BPS_DENOMINATOR, serviceFee } from '@/lib/money';
import type { Product } from '@/mall-client/types';
import { env } from '@/server/config/env';
import { products } from '@/server/db/schema';
import { publicUploadUrlSql, SAFE_KEY, uploadUrl } from '@/server/storage/urls';

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
 * products). `offered` and `feeBps` are expressions of the statement; `base` is the public
 * base URL (PUBLIC_BASE_URL, text) and `urlPrefix` `uploadUrlPrefix` of it, as parameters.
 *
 * Written as text concatenation rather than json_build_object, which costs more per row
 * (strings go through to_json, which escapes as JSON.stringify does): the full sync
 * builds ninety thousand of these.
 */
export function mallProductJson(o: { offered: SQL; feeBps: SQL; base: SQL; urlPrefix: SQL }): SQL {
  const supply = sql`coalesce(${products.supplyPrice}, 0)`;
  const fee = sql`((${supply} * ${o.feeBps} + ${sql.raw(String(BPS_DENOMINATOR / 2))}) / ${sql.raw(String(BPS_DENOMINATOR))})`;
  // Not offered: only that it is gone (see toMallProduct).
  const ifOffered = (value: SQL | AnyColumn, otherwise: string) => sql`CASE WHEN ${o.offered} THEN ${value} ELSE ${sql.raw(otherwise)} END`;
  return sql`'{"id":' || ${products.id}
    || ',"skuCode":' || to_json(${products.skuCode})
    || ',"title":' || to_json(${products.title})
    || ',"categoryId":' || ${products.categoryId}
    || ',"brandId":' || ${products.brandId}
    || ',"images":' || ${ifOffered(uploadUrlsJson(products.images, o), "'[]'")}
    || ',"detailImages":' || ${ifOffered(uploadUrlsJson(products.detailImages, o), "'[]'")}
    || ',"attributes":' || ${ifOffered(sql`${products.attributes}::text`, "'[]'")}
    || ',"minQuantity":' || ${products.minQuantity}
    || ',"stock":' || ${ifOffered(products.stock, '0')}
    || ',"supplyPrice":' || ${ifOffered(supply, '0')}
    || ',"serviceFeeBps":' || ${ifOffered(o.feeBps, '0')}
    || ',"serviceFee":' || ${ifOffered(fee, '0')}
    || ',"agreedPrice":' || ${ifOffered(sql`${supply} + ${fee}`, '0')}
    || ',"freight":' || ${ifOffered(products.freight, '0')}
    || ',"status":"' || CASE WHEN ${o.offered} AND ${products.status} IN ('on_sale', 'sold_out') THEN ${products.status}::text ELSE 'unavailable' END
    || '","version":' || ${products.version}
    || ',"updatedAt":"' || to_char(${products.updatedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}'`;
}

/**
 * A jsonb array of upload keys as a JSON array of their URLs (text). Most keys are the
 * app's own uploads, which need no escaping in a URL or in JSON: then the prefix goes in
 * front of each key of the array's text, which costs a fraction of taking the array apart
 * (a third of the page's time before). Any other array is taken apart key by key.
 */
function uploadUrlsJson(keys: AnyColumn, o: { base: SQL; urlPrefix: SQL }): SQL {
  return sql`(CASE WHEN ${keys} = '[]'::jsonb THEN '[]'
    WHEN ${keys}::text ~ ${sql.raw(`'^\\["${SAFE_KEY}"(, "${SAFE_KEY}")*\\]$'`)}
      THEN '["' || ${o.urlPrefix} || replace(substr(${keys}::text, 3), '", "', '","' || ${o.urlPrefix})
    ELSE (SELECT json_agg(${publicUploadUrlSql(sql`e.key`, o.base)} ORDER BY e.n) FROM jsonb_array_elements_text(${keys}) WITH ORDINALITY e(key, n))::text
  END)`;
}

/** What goes before a key needing no escaping, inside a JSON string: `<base>/uploads/`, JSON-escaped. */
export function uploadUrlPrefix(base: string): string {
  return `${JSON.stringify(base).slice(1, -1)}/uploads/`;
}
