'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Input } from '@/components/ui/input';
import { useTRPC } from '@/lib/trpc/client';
import { fromChinaDateTimeLocal, toChinaDateTimeLocal } from '@/lib/china-time';

/**
 * The "since" field is China time (the business's clock, as every date in the portals),
 * whatever the browser's own time zone; it opens at a day ago.
 */
const dayAgo = () => toChinaDateTimeLocal(new Date(Date.now() - 24 * 3600_000));

/**
 * The callback endpoint above the log: its state (working, failing since, disabled and
 * why) with a button to enable it again, and "resend every failed event since". A
 * distributor sees its own endpoint; staff see every disabled one.
 */
export function EndpointPanel({ portal }: { portal: 'admin' | 'distributor' }) {
  const t = useTranslations('callbacks.endpoint');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [since, setSince] = useState(dayAgo);
  const [notice, setNotice] = useState<string | null>(null);
  const api = portal === 'admin' ? trpc.admin.callbacks : trpc.distributor.callbacks;
  const refresh = () => queryClient.invalidateQueries({ queryKey: api.pathKey() });
  const onEnabled = {
    onSuccess: (r: { queued: number }) => {
      setNotice(t('enabled', { queued: r.queued }));
      void refresh();
    },
  };
  // Staff name the distributor; a distributor's own endpoint is its session's.
  const enableOne = useMutation(trpc.admin.callbacks.enableEndpoint.mutationOptions(onEnabled));
  const enableOwn = useMutation(trpc.distributor.callbacks.enableEndpoint.mutationOptions(onEnabled));
  const enable = portal === 'admin' ? enableOne : enableOwn;
  const resendFailed = useMutation(
    api.resendFailed.mutationOptions({
      onSuccess: (r) => {
        setNotice(r.more ? t('resentMore', { queued: r.queued }) : t('resent', { queued: r.queued }));
        void refresh();
      },
    }),
  );
  const time = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' }) : '—');

  return (
    <Card title={t('title')}>
      <div data-testid="endpoint-panel" className="flex flex-col gap-3 text-sm">
        {portal === 'distributor' ? <OwnEndpoint time={time} onEnable={() => enableOwn.mutate({})} enabling={enable.isPending} /> : <DisabledEndpoints time={time} onEnable={(id) => enableOne.mutate({ id })} enabling={enable.isPending} />}
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            resendFailed.mutate({ since: fromChinaDateTimeLocal(since) });
          }}
        >
          <label className="flex flex-col gap-1 text-xs text-slate-600">
            {t('since')}
            <Input type="datetime-local" className="w-52" value={since} onChange={(e) => setSince(e.target.value)} required />
          </label>
          <Button type="submit" variant="secondary" disabled={resendFailed.isPending}>
            {portal === 'admin' ? t('resendFailedAll') : t('resendFailed')}
          </Button>
        </form>
        {notice && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-700">
            {notice}
          </p>
        )}
        <ErrorMessage error={enable.error ?? resendFailed.error} />
      </div>
    </Card>
  );
}

function OwnEndpoint({ time, onEnable, enabling }: { time: (d: Date | null) => string; onEnable: () => void; enabling: boolean }) {
  const t = useTranslations('callbacks.endpoint');
  const trpc = useTRPC();
  const endpoint = useQuery(trpc.distributor.callbacks.endpoint.queryOptions());
  if (endpoint.error) return <ErrorMessage error={endpoint.error} />;
  const e = endpoint.data;
  if (!e) return null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <span className="font-mono text-xs">{e.callbackUrl ?? t('noUrl')}</span>
      {e.disabledAt ? (
        <>
          <Badge tone="red">{t('disabled')}</Badge>
          <span data-testid="endpoint-disabled">{t(`reason.${e.disabledReason ?? 'failing'}`, { at: time(e.disabledAt), waiting: e.waiting })}</span>
          <Button size="sm" onClick={onEnable} disabled={enabling}>
            {t('enable')}
          </Button>
        </>
      ) : e.failingSince ? (
        <>
          <Badge tone="yellow">{t('failing')}</Badge>
          <span>{t('failingSince', { at: time(e.failingSince) })}</span>
        </>
      ) : e.callbackUrl ? (
        <Badge tone="green">{t('ok')}</Badge>
      ) : null}
    </div>
  );
}

function DisabledEndpoints({ time, onEnable, enabling }: { time: (d: Date | null) => string; onEnable: (id: number) => void; enabling: boolean }) {
  const t = useTranslations('callbacks.endpoint');
  const trpc = useTRPC();
  const list = useQuery(trpc.admin.callbacks.disabledEndpoints.queryOptions());
  if (list.error) return <ErrorMessage error={list.error} />;
  if (!list.data) return null;
  if (list.data.length === 0) return <p className="text-slate-600">{t('noneDisabled')}</p>;
  return (
    <ul className="flex flex-col gap-2" data-testid="disabled-endpoints">
      {list.data.map((d) => (
        <li key={d.id} className="flex flex-wrap items-center gap-3">
          <Badge tone="red">{t('disabled')}</Badge>
          <span className="font-medium">
            {d.code} {d.name}
          </span>
          <span className="font-mono text-xs">{d.callbackUrl}</span>
          <span>{t(`reason.${d.disabledReason ?? 'failing'}`, { at: time(d.disabledAt), waiting: '—' })}</span>
          <Button size="sm" onClick={() => onEnable(d.id)} disabled={enabling}>
            {t('enable')}
          </Button>
        </li>
      ))}
    </ul>
  );
}
