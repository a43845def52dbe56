'use client';

import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';

const TONE = { pending: 'yellow', approved: 'green', rejected: 'red' } as const;

export function TopupStatus({ status }: { status: keyof typeof TONE }) {
  const t = useTranslations('wallet');
  return <Badge tone={TONE[status]}>{t(`topup.status.${status}`)}</Badge>;
}
