'use client';

import { useTranslations } from 'next-intl';
import { Input, Select } from '@/components/ui/input';
import type { useListFilters } from '@/components/ui/use-list-filters';
import { AFTER_SALES_STATUSES, AFTER_SALES_TYPES } from '@/server/domain/after-sales/schemas';

export type CaseFilterValues = { status?: (typeof AFTER_SALES_STATUSES)[number]; type?: (typeof AFTER_SALES_TYPES)[number]; orderNo?: string };

/** The filter fields of the after-sales lists (status, type, order number); the list page adds Search and Reset. */
export function CaseFilters({ filters }: { filters: ReturnType<typeof useListFilters<CaseFilterValues>> }) {
  const t = useTranslations('orders');
  const { draft, set } = filters;
  return (
    <>
      <Input aria-label={t('afterSales.orderNo')} placeholder={t('afterSales.orderNo')} className="w-56" value={draft.orderNo ?? ''} onChange={(e) => set({ orderNo: e.target.value })} />
      <Select aria-label={t('afterSales.status')} className="w-36" value={draft.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as CaseFilterValues['status'] }, true)}>
        <option value="">{t('afterSales.allStatuses')}</option>
        {AFTER_SALES_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`afterSales.statuses.${s}`)}
          </option>
        ))}
      </Select>
      <Select aria-label={t('afterSales.type')} className="w-36" value={draft.type ?? ''} onChange={(e) => set({ type: (e.target.value || undefined) as CaseFilterValues['type'] }, true)}>
        <option value="">{t('afterSales.allTypes')}</option>
        {AFTER_SALES_TYPES.map((s) => (
          <option key={s} value={s}>
            {t(`afterSales.types.${s}`)}
          </option>
        ))}
      </Select>
    </>
  );
}
