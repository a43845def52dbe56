'use client';

import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';

export type ProductStatus = 'draft' | 'pending_review' | 'rejected' | 'on_sale' | 'off_shelf' | 'sold_out';

const TONE = { draft: 'gray', pending_review: 'yellow', rejected: 'red', on_sale: 'green', off_shelf: 'gray', sold_out: 'blue' } as const;

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const t = useTranslations('catalog.status');
  return (
    <span data-testid="product-status" data-status={status}>
      <Badge tone={TONE[status]}>{t(status)}</Badge>
    </span>
  );
}

export const PRODUCT_STATUSES: ProductStatus[] = ['on_sale', 'sold_out', 'off_shelf', 'pending_review', 'rejected', 'draft'];

/** The <option>s of a status filter: "all", then each status by name. */
export function StatusOptions({ allLabel, statuses = PRODUCT_STATUSES }: { allLabel: string; statuses?: readonly ProductStatus[] }) {
  const t = useTranslations('catalog.status');
  return (
    <>
      <option value="">{allLabel}</option>
      {statuses.map((s) => (
        <option key={s} value={s}>
          {t(s)}
        </option>
      ))}
    </>
  );
}
