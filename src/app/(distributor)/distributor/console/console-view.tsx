'use client';

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select, Textarea } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { useTRPC } from '@/lib/trpc/client';

/** The self-test console: a test event, a signature check, and the hub's view of the last requests. */
export function ConsoleView() {
  return (
    <div className="flex flex-col gap-4">
      <PingCard />
      <SignatureCheck />
      <RecentRequests />
    </div>
  );
}

function Pre({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <pre data-testid={testId} className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap break-all text-slate-100">
      {children}
    </pre>
  );
}

function PingCard() {
  const t = useTranslations('console.ping');
  const trpc = useTRPC();
  const ping = useMutation(trpc.distributor.console.ping.mutationOptions());
  const r = ping.data;
  return (
    <Card title={t('title')}>
      <p className="text-sm text-slate-600">{t.rich('intro', { code: (chunks) => <code className="text-xs">{chunks}</code> })}</p>
      <div className="mt-3">
        <Button onClick={() => ping.mutate()} disabled={ping.isPending}>
          {ping.isPending ? t('sending') : t('send')}
        </Button>
      </div>
      <ErrorMessage error={ping.error} />
      {r && (
        <div className="mt-3 flex flex-col gap-2 text-sm" data-testid="ping-result">
          <div className="flex flex-wrap items-center gap-3">
            <Badge tone={r.delivered ? 'green' : 'red'}>{r.delivered ? t('delivered') : t('notDelivered')}</Badge>
            <span>{t('status', { status: r.httpStatus ?? '—' })}</span>
            <span>{t('latency', { ms: r.durationMs })}</span>
            <span className="font-mono text-xs">{r.url}</span>
          </div>
          {r.error && <p className="text-red-700">{t('error', { error: r.error })}</p>}
          <div>
            <div className="text-xs font-medium text-slate-600">{t('answer')}</div>
            <Pre>{r.responseExcerpt || '—'}</Pre>
          </div>
          <div>
            <div className="text-xs font-medium text-slate-600">{t('sent')}</div>
            <Pre>{`${Object.entries(r.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}\n\n${r.body}`}</Pre>
          </div>
        </div>
      )}
    </Card>
  );
}

const EMPTY = { method: 'POST', pathAndQuery: '/api/open/v1/orders', timestamp: '', nonce: '', body: '', signature: '', stringToSign: '' };

function SignatureCheck() {
  const t = useTranslations('console.signature');
  const trpc = useTRPC();
  const [form, setForm] = useState(EMPTY);
  const check = useMutation(trpc.distributor.console.checkSignature.mutationOptions());
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const r = check.data;
  return (
    <Card title={t('title')}>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <form
        className="mt-3 grid gap-3 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          check.mutate({ ...form, stringToSign: form.stringToSign || undefined });
        }}
      >
        <Field label={t('method')} htmlFor="sig-method">
          <Select id="sig-method" value={form.method} onChange={set('method')}>
            {['GET', 'POST'].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
        </Field>
        <Field label={t('path')} htmlFor="sig-path">
          <Input id="sig-path" value={form.pathAndQuery} onChange={set('pathAndQuery')} required />
        </Field>
        <Field label={t('timestamp')} htmlFor="sig-ts">
          <Input id="sig-ts" value={form.timestamp} onChange={set('timestamp')} />
        </Field>
        <Field label={t('nonce')} htmlFor="sig-nonce">
          <Input id="sig-nonce" value={form.nonce} onChange={set('nonce')} />
        </Field>
        <div className="md:col-span-2">
          <Field label={t('body')} htmlFor="sig-body" hint={t('bodyHint')}>
            <Textarea id="sig-body" rows={3} className="font-mono text-xs" value={form.body} onChange={set('body')} />
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field label={t('signatureField')} htmlFor="sig-signature">
            <Input id="sig-signature" className="font-mono text-xs" value={form.signature} onChange={set('signature')} required />
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field label={t('theirString')} htmlFor="sig-string" hint={t('theirStringHint')}>
            <Textarea id="sig-string" rows={5} className="font-mono text-xs" value={form.stringToSign} onChange={set('stringToSign')} />
          </Field>
        </div>
        <div>
          <Button type="submit" disabled={check.isPending}>
            {t('check')}
          </Button>
        </div>
      </form>
      <ErrorMessage error={check.error} />
      {r && (
        <div className="mt-4 flex flex-col gap-2 text-sm" data-testid="signature-result">
          <div>
            <Badge tone={r.matches ? 'green' : 'red'}>{r.matches ? t('match') : t('mismatch')}</Badge>
            {r.matched === 'previous' && <span className="ml-2">{t('matchedPrevious')}</span>}
            {r.matched === 'expiredPrevious' && <span className="ml-2 text-red-700">{t('matchedExpired')}</span>}
          </div>
          <div>
            <div className="text-xs font-medium text-slate-600">{t('stringToSign')}</div>
            <Pre testId="expected-string">{r.stringToSign}</Pre>
          </div>
          <div className="grid gap-1 font-mono text-xs">
            <div>
              <span className="font-sans text-slate-600">{t('expected')}：</span>
              <span data-testid="expected-signature">{r.expected}</span>
            </div>
            <div>
              <span className="font-sans text-slate-600">{t('given')}：</span>
              {r.firstDifference !== null && r.firstDifference >= 0 ? (
                <span>
                  {r.given.slice(0, r.firstDifference)}
                  <mark className="bg-red-200">{r.given.slice(r.firstDifference) || '∅'}</mark>
                </span>
              ) : (
                <span>{r.given}</span>
              )}
            </div>
          </div>
          {r.hint && (
            <p className="rounded bg-amber-50 px-3 py-2 text-amber-800" data-testid="signature-hint">
              {t(`hints.${r.hint}`)}
            </p>
          )}
          {r.notes.map((n) => (
            <p key={n} className="text-amber-800">
              {t(`notes.${n}`)}
            </p>
          ))}
          {r.lineDiff && (
            <table className="w-full text-xs" data-testid="line-diff">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className="py-1 pr-3">{t('line')}</th>
                  <th className="py-1 pr-3">{t('expectedLine')}</th>
                  <th className="py-1 pr-3">{t('givenLine')}</th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {r.lineDiff.map((l) => (
                  <tr key={l.name} className={l.same ? '' : 'bg-red-50 text-red-800'}>
                    <td className="py-1 pr-3">
                      {l.name} {l.same ? '✓' : '✗'}
                    </td>
                    <td className="py-1 pr-3 break-all">{l.expected}</td>
                    <td className="py-1 pr-3 break-all">{l.given}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Card>
  );
}

const REQUESTS_PAGE = 20;

/** The mall's recent signed requests on the list page (refused only or all, and the page, in the address as `?requests.…`). */
function RecentRequests() {
  const t = useTranslations('console.requests');
  const format = useFormatter();
  const trpc = useTRPC();
  const filters = useListFilters<{ refusedOnly?: boolean }>({}, { url: 'requests', types: { refusedOnly: 'boolean' } });
  const list = useQuery(
    trpc.distributor.console.requests.queryOptions(
      { page: filters.page, pageSize: REQUESTS_PAGE, refusedOnly: filters.filters.refusedOnly ?? false },
      { placeholderData: keepPreviousData, refetchInterval: 5000 },
    ),
  );
  return (
    <Card
      title={t('title')}
      actions={
        <Button size="sm" variant="secondary" onClick={() => void list.refetch()}>
          {t('refresh')}
        </Button>
      }
    >
      <p className="mb-3 text-sm text-slate-600">{t('intro')}</p>
      <div data-testid="recent-requests">
        <ListPage
          list={filters}
          query={list}
          rowKey={(r) => r.id}
          pageSize={REQUESTS_PAGE}
          empty={t('none')}
          filters={
            <Select aria-label={t('filter')} value={filters.draft.refusedOnly ? 'refused' : 'all'} onChange={(e) => filters.set({ refusedOnly: e.target.value === 'refused' }, true)}>
              <option value="all">{t('all')}</option>
              <option value="refused">{t('refusedOnly')}</option>
            </Select>
          }
          rowAttributes={() => ({ 'data-testid': 'request-row' })}
          columns={[
            { key: 'time', header: t('time'), className: 'text-xs tabular-nums', cell: (r) => format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'medium' }) },
            {
              key: 'request',
              header: t('request'),
              className: 'font-mono text-xs break-all',
              cell: (r) => (
                <>
                  {r.method} {r.target}
                </>
              ),
            },
            { key: 'status', header: t('status'), className: 'tabular-nums', cell: (r) => <span className={r.status < 400 ? 'text-emerald-700' : 'text-red-700'}>{r.status}</span> },
            {
              key: 'code',
              header: t('code'),
              className: 'text-xs',
              cell: (r) =>
                r.errorCode ? (
                  <>
                    <code>{r.errorCode}</code>
                    {t.has(`codes.${r.errorCode}`) && <div className="text-slate-600">{t(`codes.${r.errorCode}`)}</div>}
                    {r.message && <div className="text-slate-500">{r.message}</div>}
                  </>
                ) : (
                  t('ok')
                ),
            },
            { key: 'ip', header: t('ip'), className: 'font-mono text-xs', cell: (r) => r.clientIp ?? '—' },
            { key: 'duration', header: t('duration'), className: 'text-right text-xs tabular-nums', cell: (r) => `${r.durationMs} ms` },
          ]}
        />
      </div>
    </Card>
  );
}
