'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Badge, Card } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { formatBps } from '@/lib/rates';
import { useTRPC } from '@/lib/trpc/client';
import type { DISTRIBUTOR_SORTS } from '@/server/domain/distributors/schemas';
import { CreateDistributor } from './create-distributor';

type Filters = { search?: string; levelId?: number; status?: 'active' | 'disabled' };
type DistributorSort = (typeof DISTRIBUTOR_SORTS)[number];

const PAGE_SIZE = 20;

/** Staff's distributors on the list page (filters in the address), with the form that creates one. */
export function DistributorList() {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const filterState = useListFilters<Filters, DistributorSort>({}, { url: true, types: { levelId: 'number' }, sort: { by: 'id', dir: 'asc' } });
  const { draft, set, filters, page, sort } = filterState;
  const levels = useQuery(trpc.admin.levels.list.queryOptions());
  const list = useQuery(trpc.admin.distributors.list.queryOptions({ ...filters, sort: sort?.by ?? 'id', dir: sort?.dir ?? 'asc', page, pageSize: PAGE_SIZE }));

  return (
    <div className="grid gap-5 xl:grid-cols-[1fr_24rem]">
      <div className="flex flex-col gap-3">
        <ListPage
          list={filterState}
          query={list}
          rowKey={(d) => d.id}
          pageSize={PAGE_SIZE}
          empty={common('empty')}
          filters={
            <>
              <Input aria-label={common('search')} placeholder={t('list.searchHint')} value={draft.search ?? ''} onChange={(e) => set({ search: e.target.value })} className="w-56" />
              <Select aria-label={t('fields.level')} value={draft.levelId ?? ''} onChange={(e) => set({ levelId: e.target.value ? Number(e.target.value) : undefined })} className="w-40">
                <option value="">{t('list.allLevels')}</option>
                {levels.data?.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </Select>
              <Select aria-label={common('status')} value={draft.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as Filters['status'] })} className="w-32">
                <option value="">{t('list.allStatuses')}</option>
                <option value="active">{common('active')}</option>
                <option value="disabled">{common('disabled')}</option>
              </Select>
            </>
          }
          columns={[
            {
              key: 'code',
              header: t('fields.code'),
              // Codes are given in the order distributors join: sorting by code is sorting by id.
              sort: 'id',
              className: 'whitespace-nowrap',
              cell: (d) => (
                <Link href={`/admin/distributors/${d.id}`} className="font-mono text-brand-700 hover:underline">
                  {d.code}
                </Link>
              ),
            },
            { key: 'name', header: t('fields.name'), cell: (d) => <Link href={`/admin/distributors/${d.id}`} className="hover:underline">{d.name}</Link> },
            { key: 'level', header: t('fields.level'), cell: (d) => `${d.levelName}（${formatBps(d.feeBps)}）` },
            { key: 'balance', header: t('fields.balance'), sort: 'balance', className: 'text-right tabular-nums whitespace-nowrap', cell: (d) => formatFen(d.balance, { currency: true }) },
            { key: 'login', header: t('fields.username'), cell: (d) => <span className="font-mono text-xs">{d.username}</span> },
            {
              key: 'binding',
              header: t('list.binding'),
              cell: (d) => (
                <div className="flex flex-wrap gap-1">
                  {d.whitelistSize === 0 ? <Badge tone="red">{t('list.noWhitelist')}</Badge> : <Badge>{t('list.whitelistSize', { count: d.whitelistSize })}</Badge>}
                  {!d.hasCallbackUrl && <Badge tone="yellow">{t('list.noCallback')}</Badge>}
                </div>
              ),
            },
            { key: 'status', header: common('status'), className: 'whitespace-nowrap', cell: (d) => <Badge tone={d.status === 'active' ? 'green' : 'gray'}>{common(d.status)}</Badge> },
          ]}
        />
      </div>
      <Card title={t('create.title')}>
        <CreateDistributor levels={levels.data ?? []} />
      </Card>
    </div>
  );
}
