'use client';

import { TRPCClientError } from '@trpc/client';
import { useTranslations } from 'next-intl';
import { ErrorMessage } from '@/components/ui/error-message';

/** A refused delete says what still uses the record; any other error is worded as usual. */
export function DeleteError({ error }: { error: unknown }) {
  const t = useTranslations('catalog.reference');
  const details = error instanceof TRPCClientError ? (error.data?.details as Record<string, number> | null) : null;
  if (details && (details as { reason?: unknown }).reason === 'in_use') {
    const uses = (['products', 'children', 'suppliers', 'distributors'] as const)
      .filter((k) => (details[k] ?? 0) > 0)
      .map((k) => t(`uses.${k}`, { count: details[k] }));
    return (
      <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
        {t('inUse', { uses: uses.join('、') })}
      </div>
    );
  }
  return <ErrorMessage error={error} />;
}
