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

/** Filters top-up applications by status ('' for all). */
export function TopupStatusSelect({ value, onChange }: { value: TopupStatusValue | ''; onChange: (status: TopupStatusValue | '') => void }) {
  const t = useTranslations('wallet');
  const common = useTranslations('common');
  return (
    <Select aria-label={common('status')} value={value} onChange={(e) => onChange(e.target.value as TopupStatusValue | '')} className="w-36">
      <option value="">{t('ledger.all')}</option>
      {(Object.keys(TONE) as TopupStatusValue[]).map((s) => (
        <option key={s} value={s}>
          {t(`topup.status.${s}`)}
        </option>
      ))}
    </Select>
  );
}
