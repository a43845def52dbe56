import { agreedUnitPrice, serviceFee } from '@/lib/money';
import type { Product } from '@/mall-client/types';
import type { products } from '@/server/db/schema';
import { publicUploadUrl } from '@/server/storage/urls';

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
  return {
    id: p.id,
    skuCode: p.skuCode,
    title: p.title,
    categoryId: p.categoryId,
    brandId: p.brandId,
    images: p.images.map(publicUploadUrl),
    detailImages: p.detailImages.map(publicUploadUrl),
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
