'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Input, Select } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { useListFilters } from '@/components/ui/use-list-filters';
import { useTRPC } from '@/lib/trpc/client';

const ACTOR_KINDS = ['staff', 'supplier', 'distributor', 'mall', 'system'] as const;
type Filters = { entityType?: string; entityId?: string; action?: string; actorKind?: (typeof ACTOR_KINDS)[number] };

export function AuditLogTable() {
  const t = useTranslations('accounts.audit');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  // Filters in the address: a link to "every change of order X" can be shared and reloaded.
  const list = useListFilters<Filters>({}, { url: true });
  const query = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions({ ...list.filters, limit: 50 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          list.apply();
        }}
      >
        <Input placeholder={t('entityType')} aria-label={t('entityType')} className="w-36" value={list.draft.entityType ?? ''} onChange={(e) => list.set({ entityType: e.target.value })} />
        <Input placeholder={t('entityId')} aria-label={t('entityId')} className="w-28" value={list.draft.entityId ?? ''} onChange={(e) => list.set({ entityId: e.target.value })} />
        <Input placeholder={t('actionPlaceholder')} aria-label={t('action')} className="w-56" value={list.draft.action ?? ''} onChange={(e) => list.set({ action: e.target.value })} />
        <Select
          aria-label={t('actor')}
          className="w-36"
          value={list.draft.actorKind ?? ''}
          onChange={(e) => list.set({ actorKind: (e.target.value || undefined) as Filters['actorKind'] }, true)}
        >
          <option value="">{t('anyActor')}</option>
          {ACTOR_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`actorKind.${k}`)}
            </option>
          ))}
        </Select>
        <Button type="submit">{common('search')}</Button>
        <Button variant="secondary" type="button" onClick={() => list.reset()}>
          {common('reset')}
        </Button>
      </form>
      <ErrorMessage error={query.error} />
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty={query.isLoading ? common('loading') : common('empty')}
        columns={[
          { key: 'time', header: t('time'), cell: (r) => format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'medium' }), className: 'whitespace-nowrap' },
          {
            key: 'actor',
            header: t('actor'),
            cell: (r) => `${t(`actorKind.${r.actorKind}`)} ${r.actorUsername ?? r.actorDistributorCode ?? ''}`,
            className: 'whitespace-nowrap',
          },
          { key: 'action', header: t('action'), cell: (r) => <code className="text-xs">{r.action}</code> },
          { key: 'entity', header: t('entityType'), cell: (r) => <code className="text-xs">{`${r.entityType} #${r.entityId}`}</code> },
          {
            key: 'detail',
            header: t('detail'),
            cell: (r) => <code className="block max-w-md truncate text-xs text-slate-600" title={JSON.stringify(r.detail)}>{JSON.stringify(r.detail)}</code>,
          },
        ]}
      />
      <div className="flex justify-center">
        {query.hasNextPage ? (
          <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? common('loading') : t('loadMore')}
          </Button>
        ) : rows.length > 0 ? (
          <span className="text-xs text-slate-500">{t('noMore')}</span>
        ) : null}
      </div>
    </div>
  );
}
