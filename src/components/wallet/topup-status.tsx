'use client';

import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import { Select } from '@/components/ui/input';

const TONE = { pending: 'yellow', approved: 'green', rejected: 'red', withdrawn: 'gray' } as const;
export type TopupStatusValue = keyof typeof TONE;

export function TopupStatus({ status }: { status: keyof typeof TONE }) {
  const t = useTranslations('wallet');
  return <Badge tone={TONE[status]}>{t(`topup.status.${status}`)}</Badge>;
}

/** A status filter of a top-up list: one status, or 'all' (a value of its own, so that it can stand in the address when the list's default is one status). */
export type TopupStatusFilter = TopupStatusValue | 'all';

/** The status the query asks for: none for 'all'. */
export const topupStatusQuery = (filter: TopupStatusFilter | undefined) => (filter === 'all' ? undefined : filter);

/** Filters top-up applications by status. */
export function TopupStatusSelect({ value, onChange }: { value: TopupStatusFilter; onChange: (status: TopupStatusFilter) => void }) {
  const t = useTranslations('wallet');
  const common = useTranslations('common');
  return (
    <Select aria-label={common('status')} value={value} onChange={(e) => onChange(e.target.value as TopupStatusFilter)} className="w-36">
      <option value="all">{t('ledger.all')}</option>
      {(Object.keys(TONE) as TopupStatusValue[]).map((s) => (
        <option key={s} value={s}>
          {t(`topup.status.${s}`)}
        </option>
      ))}
    </Select>
  );
}
