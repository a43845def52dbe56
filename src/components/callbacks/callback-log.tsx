'use client';

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/ui/chart-legend';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Input, Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { useTRPC } from '@/lib/trpc/client';
import { DELIVERY_STATUSES } from '@/server/domain/events/log-schemas';
import { EndpointPanel } from './endpoint-panel';

type Filters = { status?: (typeof DELIVERY_STATUSES)[number]; type?: string; search?: string; from?: string; to?: string };

const TONE = { pending: 'yellow', delivered: 'green', failed: 'red', superseded: 'gray' } as const;
const COLOURS = { pending: '#f59e0b', delivered: '#10b981', failed: '#ef4444', superseded: '#94a3b8' } as const;
const TYPE_FILTERS = [
  ['order', 'order.'],
  ['product', 'product.'],
  ['balance', 'balance.changed'],
] as const;
const CHART_DAYS = 14;

const PAGE_SIZE = 20;

/**
 * The callback log (回调记录): events per day by delivery status, the events on the list
 * page (filters in the address, paged by the server), each event's tries with the mall's answers on demand, and a resend button. Staff
 * see every distributor's events; a distributor its own (the server decides).
 */
export function CallbackLog({ portal }: { portal: 'admin' | 'distributor' }) {
  const t = useTranslations('callbacks');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const api = portal === 'admin' ? trpc.admin.callbacks : trpc.distributor.callbacks;
  const filters = useListFilters<Filters>({}, { url: true });
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const listInput = { ...filters.filters, page: filters.page, pageSize: PAGE_SIZE };
  const list = useQuery(
    portal === 'admin'
      ? trpc.admin.callbacks.list.queryOptions(listInput, { placeholderData: keepPreviousData })
      : trpc.distributor.callbacks.list.queryOptions(listInput, { placeholderData: keepPreviousData }),
  );
  const stats = useQuery(api.stats.queryOptions({ days: CHART_DAYS }));
  const resend = useMutation(api.resend.mutationOptions({ onSuccess: (_r, input) => setNotice(t('resent', { eventId: input.eventId })) }));
  const time = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'short', timeStyle: 'medium' }) : '—');
  const { draft, set } = filters;
  type Row = NonNullable<typeof list.data>['rows'][number];

  return (
    <div className="flex flex-col gap-4">
      <EndpointPanel portal={portal} />
      <Card>
        <h2 className="mb-2 text-sm font-semibold text-slate-800">{t('chartTitle', { days: CHART_DAYS })}</h2>
        <div className="h-48 w-full" data-testid="callbacks-chart">
          <ResponsiveContainer>
            <BarChart data={(stats.data ?? []).map((d) => ({ ...d, label: d.day.slice(5) }))} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" fontSize={12} />
              <YAxis allowDecimals={false} fontSize={12} width={40} />
              <Tooltip />
              <Legend content={ChartLegend} />
              {DELIVERY_STATUSES.map((s) => (
                <Bar key={s} dataKey={s} stackId="events" name={t(`status.${s}`)} fill={COLOURS[s]} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <ListPage
        list={filters}
        query={list}
        rowKey={(e) => e.eventId}
        pageSize={PAGE_SIZE}
        empty={t('none')}
        error={resend.error}
        above={
          notice && (
            <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
              {notice}
            </p>
          )
        }
        filters={
          <>
              <Input aria-label={t('search')} placeholder={t('search')} className="w-64" value={draft.search ?? ''} onChange={(e) => set({ search: e.target.value })} />
              <Select aria-label={t('columns.type')} className="w-36" value={draft.type ?? ''} onChange={(e) => set({ type: e.target.value || undefined }, true)}>
                <option value="">{t('types.all')}</option>
                {TYPE_FILTERS.map(([key, value]) => (
                  <option key={key} value={value}>
                    {t(`types.${key}`)}
                  </option>
                ))}
              </Select>
              <Select aria-label={t('columns.status')} className="w-32" value={draft.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as Filters['status'] }, true)}>
                <option value="">{t('allStatuses')}</option>
                {DELIVERY_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </Select>
              <Input type="date" aria-label={t('from')} className="w-40" value={draft.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined }, true)} />
              <Input type="date" aria-label={t('to')} className="w-40" value={draft.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined }, true)} />
          </>
        }
        rowAttributes={(e) => ({ 'data-testid': 'callback-row', 'data-event-id': e.eventId })}
        detail={(e) => (open === e.eventId ? <Tries portal={portal} eventId={e.eventId} /> : null)}
        columns={[
          { key: 'time', header: t('columns.time'), className: 'text-xs tabular-nums', cell: (e) => time(e.createdAt) },
          ...(portal === 'admin' ? [{ key: 'distributor', header: t('columns.distributor'), cell: (e: Row) => e.distributorCode }] : []),
          { key: 'type', header: t('columns.type'), className: 'text-xs', cell: (e) => <code>{e.type}</code> },
          {
            key: 'subject',
            header: t('columns.subject'),
            className: 'text-xs',
            cell: (e) => (
              <>
                {e.orderNo ? t('order', { orderNo: e.orderNo }) : e.productId ? t('product', { productId: e.productId }) : ''}
                <div className="font-mono text-[11px] text-slate-500">{e.eventId}</div>
              </>
            ),
          },
          {
            key: 'status',
            header: t('columns.status'),
            cell: (e) =>
              e.noCallbackUrl && e.deliveryStatus === 'pending' ? <span className="text-xs text-slate-500">{t('noUrl')}</span> : <Badge tone={TONE[e.deliveryStatus]}>{t(`status.${e.deliveryStatus}`)}</Badge>,
          },
          { key: 'tries', header: t('columns.tries'), className: 'text-right tabular-nums', cell: (e) => e.tries },
          { key: 'last', header: t('columns.last'), className: 'text-xs', cell: (e) => e.lastStatus ?? e.lastError ?? '—' },
          { key: 'next', header: t('columns.next'), className: 'text-xs tabular-nums', cell: (e) => (e.deliveryStatus === 'pending' ? time(e.nextAttemptAt) : '—') },
          {
            key: 'actions',
            header: common('actions'),
            cell: (e) => (
              <div className="flex gap-1">
                <Button size="sm" variant="ghost" aria-expanded={open === e.eventId} onClick={() => setOpen(open === e.eventId ? null : e.eventId)}>
                  {open === e.eventId ? t('hideTries') : t('showTries')}
                </Button>
                <Button size="sm" variant="secondary" disabled={resend.isPending} onClick={() => resend.mutate({ eventId: e.eventId })}>
                  {resend.isPending && resend.variables?.eventId === e.eventId ? t('resending') : t('resend')}
                </Button>
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}

/** Each try of one event, newest first, with what the mall answered. */
function Tries({ portal, eventId }: { portal: 'admin' | 'distributor'; eventId: string }) {
  const t = useTranslations('callbacks');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const api = portal === 'admin' ? trpc.admin.callbacks : trpc.distributor.callbacks;
  const tries = useQuery(api.deliveries.queryOptions({ eventId }));
  if (tries.error) return <ErrorMessage error={tries.error} />;
  if (!tries.data) return <p className="text-xs text-slate-500">{common('loading')}</p>;
  if (tries.data.length === 0) return <p className="text-xs text-slate-500">{t('noTries')}</p>;
  return (
    <table className="w-full text-xs" data-testid="callback-tries">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="py-1 pr-3">{t('try.attempt')}</th>
          <th className="py-1 pr-3">{t('try.time')}</th>
          <th className="py-1 pr-3">{t('try.trigger')}</th>
          <th className="py-1 pr-3">{t('try.http')}</th>
          <th className="py-1 pr-3">{t('try.answer')}</th>
          <th className="py-1 pr-3 text-right">{t('try.duration')}</th>
        </tr>
      </thead>
      <tbody>
        {tries.data.map((d) => (
          <tr key={d.id} className="align-top">
            <td className="py-1 pr-3 tabular-nums">#{d.attempt}</td>
            <td className="py-1 pr-3 tabular-nums">{format.dateTime(d.createdAt, { dateStyle: 'short', timeStyle: 'medium' })}</td>
            <td className="py-1 pr-3">{t.has(`triggers.${d.trigger}`) ? t(`triggers.${d.trigger}`) : d.trigger}</td>
            <td className={`py-1 pr-3 tabular-nums ${d.httpStatus && d.httpStatus < 300 ? 'text-emerald-700' : 'text-red-700'}`}>{d.httpStatus ?? '—'}</td>
            <td className="max-w-md py-1 pr-3 break-all font-mono">{d.error ?? d.responseExcerpt ?? ''}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{d.durationMs} ms</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
