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
