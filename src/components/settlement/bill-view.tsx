'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { ExportLinks } from '@/components/ui/export-links';
import { DataTable } from '@/components/ui/table';
import { formatFen } from '@/lib/money';

export type BillDetail = {
  id: number;
  billNo: string;
  supplierName: string;
  periodStart: Date;
  periodEnd: Date;
  totalAmount: number;
  status: 'unpaid' | 'paid';
  paidAt: Date | null;
  paidReference: string | null;
  lines: { id: number; orderNo: string; skuCode: string; title: string; quantity: number; unitPrice: number; freight: number; amount: number; earnedAt: Date }[];
};

/** A bill and its lines, with its download (CSV or Excel): the same view for staff and for the supplier. */
export function BillView({ bill, actions }: { bill: BillDetail; actions?: ReactNode }) {
  const t = useTranslations('settlement');
  const format = useFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: 'medium' });
  // The period end is stored exclusive (the next midnight): show the last day included.
  const lastDay = new Date(bill.periodEnd.getTime() - 1000);

  return (
    <div className="flex flex-col gap-4">
      <Card
        title={
          <span className="flex items-center gap-2">
            {t('bill')} <span className="font-mono">{bill.billNo}</span>
            <Badge tone={bill.status === 'paid' ? 'green' : 'yellow'}>{t(`status.${bill.status}`)}</Badge>
          </span>
        }
        actions={<ExportLinks name="bill" params={{ billId: bill.id }} />}
      >
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-slate-500">{t('supplier')}</dt>
            <dd>{bill.supplierName}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t('period')}</dt>
            <dd>
              {day(bill.periodStart)} – {day(lastDay)}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t('total')}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="bill-total">
              {formatFen(bill.totalAmount, { currency: true })}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t('payment')}</dt>
            <dd>{bill.paidAt ? `${day(bill.paidAt)} · ${bill.paidReference}` : t('notPaidYet')}</dd>
          </div>
        </dl>
        {actions && <div className="mt-4 border-t border-slate-100 pt-4">{actions}</div>}
      </Card>
      <DataTable
        rows={bill.lines}
        rowKey={(l) => l.id}
        empty={t('noLines')}
        columns={[
          { key: 'order', header: t('orderNo'), cell: (l) => <span className="font-mono text-xs">{l.orderNo}</span> },
          { key: 'sku', header: t('sku'), cell: (l) => <span className="font-mono text-xs">{l.skuCode}</span> },
          { key: 'title', header: t('product'), cell: (l) => l.title },
          { key: 'qty', header: t('quantity'), cell: (l) => l.quantity, className: 'text-right' },
          { key: 'unit', header: t('unitPrice'), cell: (l) => formatFen(l.unitPrice, { currency: true }), className: 'text-right tabular-nums' },
          { key: 'freight', header: t('freight'), cell: (l) => formatFen(l.freight, { currency: true }), className: 'text-right tabular-nums' },
          { key: 'amount', header: t('amount'), cell: (l) => formatFen(l.amount, { currency: true }), className: 'text-right tabular-nums' },
          { key: 'done', header: t('completedAt'), cell: (l) => day(l.earnedAt) },
        ]}
      />
    </div>
  );
}
