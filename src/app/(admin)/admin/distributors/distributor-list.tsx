'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Input, Select } from '@/components/ui/input';
import { Pagination } from '@/components/ui/pagination';
import { DataTable } from '@/components/ui/table';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { formatBps } from '@/lib/rates';
import { useTRPC } from '@/lib/trpc/client';
import { CreateDistributor } from './create-distributor';

type Filters = { search?: string; levelId?: number; status?: 'active' | 'disabled' };

export function DistributorList() {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const { draft, set, filters, page, setPage, apply } = useListFilters<Filters>();
  const levels = useQuery(trpc.admin.levels.list.queryOptions());
  const list = useQuery(trpc.admin.distributors.list.queryOptions({ ...filters, page, pageSize: 20 }));

  return (
    <div className="grid gap-5 xl:grid-cols-[1fr_24rem]">
      <div className="flex flex-col gap-3">
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
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
          <Button type="submit" variant="secondary">
            {common('search')}
          </Button>
        </form>
        <ErrorMessage error={list.error} />
        <DataTable
          rows={list.data?.rows ?? []}
          rowKey={(d) => d.id}
          empty={list.isLoading ? common('loading') : common('empty')}
          columns={[
            {
              key: 'code',
              header: t('fields.code'),
              className: 'whitespace-nowrap',
              cell: (d) => (
                <Link href={`/admin/distributors/${d.id}`} className="font-mono text-brand-700 hover:underline">
                  {d.code}
                </Link>
              ),
            },
            { key: 'name', header: t('fields.name'), cell: (d) => <Link href={`/admin/distributors/${d.id}`} className="hover:underline">{d.name}</Link> },
            { key: 'level', header: t('fields.level'), cell: (d) => `${d.levelName}（${formatBps(d.feeBps)}）` },
            { key: 'balance', header: t('fields.balance'), className: 'text-right tabular-nums whitespace-nowrap', cell: (d) => formatFen(d.balance, { currency: true }) },
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
        {list.data && <Pagination page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />}
      </div>
      <Card title={t('create.title')}>
        <CreateDistributor levels={levels.data ?? []} />
      </Card>
    </div>
  );
}
