'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';
import { Fact, FactGrid, When } from './order-parts';
import { OrderStatusBadge, type OrderStatus } from './status-badge';

type Summary = {
  status: OrderStatus;
  mallOrderNo: string;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
  completedAt: Date | null;
  refundedAt: Date | null;
  refundReason: string | null;
  goodsAmount: number;
  freight: number;
  totalAmount: number;
};

/** The facts and money of an order, as staff and its distributor see them (`lead`: facts shown first). */
export function OrderSummary({ order: o, lead }: { order: Summary; lead?: ReactNode }) {
  const t = useTranslations('orders');
  const unpaid = o.status === 'pending_payment';
  return (
    <Card title={<span className="flex items-center gap-2">{t('detail.summary')} <OrderStatusBadge status={o.status} /></span>}>
      <FactGrid>
        {lead}
        <Fact label={t('detail.mallOrderNo')}>
          <span className="font-mono text-xs">{o.mallOrderNo}</span>
        </Fact>
        <Fact label={t('detail.createdAt')}>
          <When at={o.createdAt} />
        </Fact>
        <Fact label={unpaid ? t('detail.expiresAt') : t('detail.paidAt')}>
          <When at={unpaid ? o.expiresAt : o.paidAt} />
        </Fact>
        <Fact label={t('detail.shippedAt')}>
          <When at={o.shippedAt} />
        </Fact>
        <Fact label={t('detail.goodsAmount')}>{formatFen(o.goodsAmount, { currency: true })}</Fact>
        <Fact label={t('detail.freight')}>{formatFen(o.freight, { currency: true })}</Fact>
        <Fact label={t('detail.totalAmount')} testId="order-total">
          {formatFen(o.totalAmount, { currency: true })}
        </Fact>
        {o.completedAt && (
          <Fact label={t('detail.completedAt')}>
            <When at={o.completedAt} />
          </Fact>
        )}
        {o.refundedAt && (
          <>
            <Fact label={t('detail.refundedAt')}>
              <When at={o.refundedAt} />
            </Fact>
            <Fact label={t('detail.refundReason')}>{o.refundReason}</Fact>
          </>
        )}
      </FactGrid>
    </Card>
  );
}

type PricedItem = { skuCode: string; title: string; quantity: number; unitPrice: number; amount: number; costPrice?: number };

/** One package's items at the agreed price (and, for staff, the platform's cost). */
export function PricedItems({ items }: { items: PricedItem[] }) {
  const t = useTranslations('orders.detail');
  const withCost = items.some((i) => i.costPrice !== undefined);
  return (
    <DataTable
      rows={items}
      rowKey={(i) => i.skuCode}
      empty=""
      columns={[
        { key: 'sku', header: t('sku'), cell: (i) => <span className="font-mono text-xs">{i.skuCode}</span> },
        { key: 'title', header: t('product'), cell: (i) => i.title },
        { key: 'qty', header: t('quantity'), cell: (i) => i.quantity, className: 'text-right tabular-nums' },
        { key: 'unit', header: t('unitPrice'), cell: (i) => formatFen(i.unitPrice, { currency: true }), className: 'text-right tabular-nums' },
        { key: 'amount', header: t('amount'), cell: (i) => formatFen(i.amount, { currency: true }), className: 'text-right tabular-nums' },
        ...(withCost ? [{ key: 'cost', header: t('costPrice'), cell: (i: PricedItem) => formatFen(i.costPrice ?? 0, { currency: true }), className: 'text-right tabular-nums text-slate-500' }] : []),
      ]}
    />
  );
}
