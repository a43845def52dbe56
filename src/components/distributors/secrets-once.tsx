'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * Secrets as they are issued: in full, with copy buttons, and the plain warning that they
 * will never be shown again (only their ciphertexts are kept).
 */
export function SecretsOnce({ items, onDone, children }: { items: { key: string; label: string; value: string }[]; onDone: () => void; children?: ReactNode }) {
  const t = useTranslations('distributors');
  return (
    <div className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="secrets-once">
      <p className="text-sm font-medium text-amber-900" role="alert">
        {t('secrets.showOnce')}
      </p>
      <dl className="flex flex-col gap-2">
        {items.map((item) => (
          <div key={item.key} className="flex flex-col gap-1">
            <dt className="text-xs text-amber-900">{item.label}</dt>
            <dd className="flex items-center gap-2">
              <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid={`secret-${item.key}`}>
                {item.value}
              </code>
              <CopyButton text={item.value} label={item.label} />
            </dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton text={items.map((i) => `${i.label}: ${i.value}`).join('\n')} label={t('secrets.all')} />
        {children}
        <div className="flex-1" />
        <Button variant="secondary" onClick={onDone}>
          {t('secrets.saved')}
        </Button>
      </div>
    </div>
  );
}
