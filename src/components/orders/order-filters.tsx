'use client';

import { useTranslations } from 'next-intl';
import { Input, Select } from '@/components/ui/input';
import type { useListFilters } from '@/components/ui/use-list-filters';
import { ORDER_STATUSES } from './status-badge';

export type OrderFilterValues = {
  status?: (typeof ORDER_STATUSES)[number];
  from?: string;
  to?: string;
  product?: string;
  orderNo?: string;
  mallOrderNo?: string;
  toShip?: boolean;
};

/**
 * The filters above every portal's order list: status, order date, product, order number,
 * the mall's order number (not for suppliers) and "only what I must ship" (not for
 * distributors). Text applies on Search; selects and the checkbox at once. The list page
 * (OrdersList) puts them in its filter bar, with the applied filters' CSV/Excel export.
 */
export function OrderFilters({
  filters,
  mallOrderNo = true,
  toShipLabel,
}: {
  filters: ReturnType<typeof useListFilters<OrderFilterValues>>;
  mallOrderNo?: boolean;
  toShipLabel?: string;
}) {
  const t = useTranslations('orders');
  const { draft, set } = filters;
  return (
    <>
        <Input aria-label={t('filters.orderNo')} placeholder={t('filters.orderNo')} className="w-52" value={draft.orderNo ?? ''} onChange={(e) => set({ orderNo: e.target.value })} />
        {mallOrderNo && (
          <Input aria-label={t('filters.mallOrderNo')} placeholder={t('filters.mallOrderNo')} className="w-44" value={draft.mallOrderNo ?? ''} onChange={(e) => set({ mallOrderNo: e.target.value })} />
        )}
        <Input aria-label={t('filters.product')} placeholder={t('filters.product')} className="w-52" value={draft.product ?? ''} onChange={(e) => set({ product: e.target.value })} />
        <Select aria-label={t('columns.status')} className="w-36" value={draft.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as OrderFilterValues['status'] }, true)}>
          <option value="">{t('allStatuses')}</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </Select>
        <label className="flex items-center gap-1 text-sm text-slate-600">
          {t('filters.from')}
          <Input type="date" aria-label={t('filters.from')} className="w-40" value={draft.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined }, true)} />
        </label>
        <label className="flex items-center gap-1 text-sm text-slate-600">
          {t('filters.to')}
          <Input type="date" aria-label={t('filters.to')} className="w-40" value={draft.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined }, true)} />
        </label>
        {toShipLabel && (
          <label className="flex items-center gap-1.5 text-sm text-slate-700">
            <input type="checkbox" checked={!!draft.toShip} onChange={(e) => set({ toShip: e.target.checked }, true)} />
            {toShipLabel}
          </label>
        )}
    </>
  );
}
