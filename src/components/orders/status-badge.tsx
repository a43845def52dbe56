'use client';

import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import { ORDER_STATUSES } from '@/server/domain/orders/schemas';

export type OrderStatus = (typeof ORDER_STATUSES)[number];

const TONE = { pending_payment: 'yellow', paid: 'blue', shipped: 'green', completed: 'gray', cancelled: 'gray', expired: 'gray', refunded: 'red' } as const;

/** The colours of the chart's bars, one per status, in the badges' tones. */
export const STATUS_COLOURS: Record<OrderStatus, string> = {
  pending_payment: '#f59e0b',
  paid: '#2f6fed',
  shipped: '#10b981',
  completed: '#64748b',
  cancelled: '#cbd5e1',
  expired: '#94a3b8',
  refunded: '#ef4444',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const t = useTranslations('orders.status');
  return (
    <span data-testid="order-status" data-status={status}>
      <Badge tone={TONE[status]}>{t(status)}</Badge>
    </span>
  );
}

export { ORDER_STATUSES };
