'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { useTRPC } from '@/lib/trpc/client';
import { SecretsOnce } from './secrets-once';

export type CredentialsView = {
  code: string;
  appKey: string;
  baseUrl: string;
  secretRotatedAt: Date | null;
  previousSecretExpiresAt: Date | null;
  previousWebhookSecretExpiresAt: Date | null;
};

function Row({ label, value, mono = true, copy = true }: { label: string; value: string; mono?: boolean; copy?: boolean }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] items-center gap-2 py-1.5">
      <dt className="text-sm text-slate-500">{label}</dt>
      {/* The copy button sits inside the <dd>: a <dl> group holds only its <dt> and <dd>. */}
      <dd className="flex min-w-0 items-center justify-between gap-2 text-sm">
        <span className={`min-w-0 break-all ${mono ? 'font-mono' : ''}`}>{value}</span>
        {copy && <CopyButton text={value} label={label} />}
      </dd>
    </div>
  );
}

/**
 * Code, key and base URL to copy; the secrets only as "issued, encrypted", with rotation.
 * A rotated secret's predecessor keeps working for 24 h, and the panel says until when.
 */
export function CredentialsPanel({ credentials, distributorId }: { credentials: CredentialsView; distributorId?: number }) {
  const t = useTranslations('distributors');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [issued, setIssued] = useState<{ key: string; label: string; value: string; until: Date } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: distributorId ? trpc.admin.distributors.pathKey() : trpc.distributor.binding.pathKey() });
  const onSecret = (r: { secret: string; previousSecretExpiresAt: Date }) => {
    setIssued({ key: 'secret', label: t('fields.secret'), value: r.secret, until: r.previousSecretExpiresAt });
    void refresh();
  };
  const onWebhook = (r: { webhookSecret: string; previousWebhookSecretExpiresAt: Date }) => {
    setIssued({ key: 'webhookSecret', label: t('fields.webhookSecret'), value: r.webhookSecret, until: r.previousWebhookSecretExpiresAt });
    void refresh();
  };
  const staffRotate = useMutation(trpc.admin.distributors.rotateSecret.mutationOptions({ onSuccess: onSecret }));
  const ownRotate = useMutation(trpc.distributor.binding.rotateSecret.mutationOptions({ onSuccess: onSecret }));
  const staffRotateWebhook = useMutation(trpc.admin.distributors.rotateWebhookSecret.mutationOptions({ onSuccess: onWebhook }));
  const ownRotateWebhook = useMutation(trpc.distributor.binding.rotateWebhookSecret.mutationOptions({ onSuccess: onWebhook }));
  const busy = staffRotate.isPending || ownRotate.isPending || staffRotateWebhook.isPending || ownRotateWebhook.isPending;
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });

  const rotate = (which: 'secret' | 'webhook') => {
    if (!window.confirm(t(which === 'secret' ? 'secrets.confirmRotate' : 'secrets.confirmRotateWebhook'))) return;
    if (which === 'secret') {
      if (distributorId) staffRotate.mutate({ id: distributorId });
      else ownRotate.mutate();
    } else if (distributorId) staffRotateWebhook.mutate({ id: distributorId });
    else ownRotateWebhook.mutate();
  };

  return (
    <div className="flex flex-col gap-3" data-testid="credentials">
      <dl className="divide-y divide-slate-100">
        <Row label={t('fields.code')} value={credentials.code} />
        <Row label={t('fields.appKey')} value={credentials.appKey} />
        <Row label={t('fields.baseUrl')} value={credentials.baseUrl} />
        <Row
          label={t('fields.secret')}
          mono={false}
          copy={false}
          value={
            t('secrets.stored') +
            (credentials.secretRotatedAt ? ` · ${t('secrets.rotatedAt', { time: when(credentials.secretRotatedAt) })}` : '') +
            (credentials.previousSecretExpiresAt ? ` · ${t('secrets.previousValidUntil', { time: when(credentials.previousSecretExpiresAt) })}` : '')
          }
        />
        <Row
          label={t('fields.webhookSecret')}
          mono={false}
          copy={false}
          value={t('secrets.stored') + (credentials.previousWebhookSecretExpiresAt ? ` · ${t('secrets.previousValidUntil', { time: when(credentials.previousWebhookSecretExpiresAt) })}` : '')}
        />
      </dl>
      {issued ? (
        <SecretsOnce items={[{ key: issued.key, label: issued.label, value: issued.value }]} onDone={() => setIssued(null)}>
          <span className="text-xs text-amber-900">{t('secrets.previousValidUntil', { time: when(issued.until) })}</span>
        </SecretsOnce>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={busy} onClick={() => rotate('secret')}>
            {t('secrets.rotate')}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => rotate('webhook')}>
            {t('secrets.rotateWebhook')}
          </Button>
        </div>
      )}
    </div>
  );
}
