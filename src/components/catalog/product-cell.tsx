import Link from 'next/link';
import type { ReactNode } from 'react';
import { ProductStatusBadge, type ProductStatus } from './status-badge';

/** A product in a table: its first picture, its title (a link when given) and its SKU code. */
export function ProductCell({ product, href }: { product: { title: string; skuCode: string; imageUrls: string[] }; href?: string }) {
  return (
    <div className="flex items-center gap-2">
      {product.imageUrls[0] ? (
        // eslint-disable-next-line @next/next/no-img-element -- our own upload route
        <img src={product.imageUrls[0]} alt="" className="h-10 w-10 rounded border border-slate-200 object-cover" />
      ) : (
        <div className="h-10 w-10 rounded border border-dashed border-slate-200" />
      )}
      <div>
        {href ? (
          <Link href={href} className="font-medium text-brand-700 hover:underline">
            {product.title}
          </Link>
        ) : (
          <div className="font-medium">{product.title}</div>
        )}
        <div className="font-mono text-xs text-slate-500">{product.skuCode}</div>
      </div>
    </div>
  );
}

/** A product page's title: the product's title with its status beside it. */
export function ProductHeading({ title, status }: { title: ReactNode; status: ProductStatus }) {
  return (
    <span className="flex items-center gap-2">
      {title} <ProductStatusBadge status={status} />
    </span>
  );
}
