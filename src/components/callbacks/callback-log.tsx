'use client';

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { Fragment, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '@/components/ui/chart-legend';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { FilterBar } from '@/components/ui/filter-bar';
import { Input, Select } from '@/components/ui/input';
import { Pagination } from '@/components/ui/pagination';
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

/**
 * The callback log (回调记录): events per day by delivery status, the events filtered and
 * paged, each event's tries with the mall's answers on demand, and a resend button. Staff
 * see every distributor's events; a distributor its own (the server decides).
 */
export function CallbackLog({ portal }: { portal: 'admin' | 'distributor' }) {
  const t = useTranslations('callbacks');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const api = portal === 'admin' ? trpc.admin.callbacks : trpc.distributor.callbacks;
  const filters = useListFilters<Filters>();
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const listInput = { ...filters.filters, page: filters.page, pageSize: 20 };
  const list = useQuery(
    portal === 'admin'
      ? trpc.admin.callbacks.list.queryOptions(listInput, { placeholderData: keepPreviousData })
      : trpc.distributor.callbacks.list.queryOptions(listInput, { placeholderData: keepPreviousData }),
  );
  const stats = useQuery(api.stats.queryOptions({ days: CHART_DAYS }));
  const resend = useMutation(api.resend.mutationOptions({ onSuccess: (_r, input) => setNotice(t('resent', { eventId: input.eventId })) }));
  const time = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'short', timeStyle: 'medium' }) : '—');
  const { draft, set } = filters;

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
      <FilterBar onApply={() => filters.apply()} onReset={() => filters.reset()}>
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
      </FilterBar>
      {notice && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
          {notice}
        </p>
      )}
      <ErrorMessage error={list.error ?? resend.error} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600">
            <tr>
              <th className="px-3 py-2">{t('columns.time')}</th>
              {portal === 'admin' && <th className="px-3 py-2">{t('columns.distributor')}</th>}
              <th className="px-3 py-2">{t('columns.type')}</th>
              <th className="px-3 py-2">{t('columns.subject')}</th>
              <th className="px-3 py-2">{t('columns.status')}</th>
              <th className="px-3 py-2 text-right">{t('columns.tries')}</th>
              <th className="px-3 py-2">{t('columns.last')}</th>
              <th className="px-3 py-2">{t('columns.next')}</th>
              <th className="px-3 py-2">{common('actions')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {(list.data?.rows ?? []).length === 0 && (
              <tr>
                <td colSpan={9} className="px-3 py-8 text-center text-slate-500">
                  {list.isLoading ? common('loading') : t('none')}
                </td>
              </tr>
            )}
            {(list.data?.rows ?? []).map((e) => (
              <Fragment key={e.eventId}>
                <tr className="hover:bg-slate-50" data-testid="callback-row" data-event-id={e.eventId}>
                  <td className="px-3 py-2 text-xs tabular-nums">{time(e.createdAt)}</td>
                  {portal === 'admin' && <td className="px-3 py-2">{e.distributorCode}</td>}
                  <td className="px-3 py-2 text-xs">
                    <code>{e.type}</code>
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {e.orderNo ? t('order', { orderNo: e.orderNo }) : e.productId ? t('product', { productId: e.productId }) : ''}
                    <div className="font-mono text-[11px] text-slate-500">{e.eventId}</div>
                  </td>
                  <td className="px-3 py-2">
                    {e.noCallbackUrl && e.deliveryStatus === 'pending' ? (
                      <span className="text-xs text-slate-500">{t('noUrl')}</span>
                    ) : (
                      <Badge tone={TONE[e.deliveryStatus]}>{t(`status.${e.deliveryStatus}`)}</Badge>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{e.tries}</td>
                  <td className="px-3 py-2 text-xs">{e.lastStatus ?? e.lastError ?? '—'}</td>
                  <td className="px-3 py-2 text-xs tabular-nums">{e.deliveryStatus === 'pending' ? time(e.nextAttemptAt) : '—'}</td>
                  <td className="px-3 py-2">
                    <div className="flex gap-1">
                      <Button size="sm" variant="ghost" onClick={() => setOpen(open === e.eventId ? null : e.eventId)}>
                        {open === e.eventId ? t('hideTries') : t('showTries')}
                      </Button>
                      <Button size="sm" variant="secondary" disabled={resend.isPending} onClick={() => resend.mutate({ eventId: e.eventId })}>
                        {resend.isPending && resend.variables?.eventId === e.eventId ? t('resending') : t('resend')}
                      </Button>
                    </div>
                  </td>
                </tr>
                {open === e.eventId && (
                  <tr>
                    <td colSpan={9} className="bg-slate-50 px-3 py-2">
                      <Tries portal={portal} eventId={e.eventId} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={filters.page} pageSize={20} total={list.data?.total ?? 0} onPage={filters.setPage} />
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
