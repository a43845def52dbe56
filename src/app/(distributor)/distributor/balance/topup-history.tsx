'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { TopupStatus, TopupStatusSelect, topupStatusQuery, type TopupStatusFilter } from '@/components/wallet/topup-status';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import type { TOPUP_SORTS } from '@/server/domain/wallet/schemas';

const PAGE_SIZE = 10;
type TopupSort = (typeof TOPUP_SORTS)[number];

/** The distributor's own top-up applications and where each stands; status and page in the address (`?topups.…`). */
export function TopupHistory() {
  const t = useTranslations('wallet');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const list = useListFilters<{ status?: TopupStatusFilter }, TopupSort>({}, { url: 'topups', sort: { by: 'id', dir: 'desc' } });
  const query = useQuery(trpc.distributor.balance.topupRequests.queryOptions({ status: topupStatusQuery(list.filters.status), page: list.page, pageSize: PAGE_SIZE, sort: list.sort?.by, dir: list.sort?.dir }));
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  // The withdrawn application's button leaves its row: focus goes to the result instead.
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const withdraw = useMutation(
    trpc.distributor.balance.withdrawTopup.mutationOptions({
      onSuccess: (_r, input) => {
        setNotice(t('topup.withdrawnNotice', { id: input.id }));
        void queryClient.invalidateQueries({ queryKey: trpc.distributor.balance.topupRequests.pathKey() });
      },
    }),
  );

  return (
    <div data-testid="topup-history">
      <ListPage
        list={list}
        query={query}
        rowKey={(r) => r.id}
        pageSize={PAGE_SIZE}
        empty={t('topup.none')}
        error={withdraw.error}
        above={
          notice && (
            <p ref={noticeRef} tabIndex={-1} role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
              {notice}
            </p>
          )
        }
        filters={<TopupStatusSelect value={list.draft.status ?? 'all'} onChange={(status) => list.set({ status }, true)} />}
        columns={[
          { key: 'id', header: t('topup.number'), className: 'whitespace-nowrap', cell: (r) => <span className="font-mono">#{r.id}</span> },
          { key: 'time', header: t('topup.appliedAt'), sort: 'id', className: 'whitespace-nowrap', cell: (r) => format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' }) },
          { key: 'amount', header: t('topup.amount'), sort: 'amount', className: 'text-right tabular-nums whitespace-nowrap', cell: (r) => formatFen(r.amount, { currency: true }) },
          { key: 'method', header: t('topup.paymentMethod'), cell: (r) => t(`topup.method.${r.paymentMethod as 'other'}`) },
          { key: 'ref', header: t('topup.paymentReference'), cell: (r) => <span className="font-mono text-xs">{r.paymentReference}</span> },
          { key: 'status', header: common('status'), className: 'whitespace-nowrap', cell: (r) => <TopupStatus status={r.status} /> },
          {
            key: 'review',
            header: t('topup.review'),
            cell: (r) =>
              r.status === 'rejected'
                ? t('topup.rejectedBecause', { reason: r.rejectReason ?? '' })
                : r.status === 'withdrawn' && r.reviewedAt
                  ? t('topup.withdrawnAt', { time: format.dateTime(r.reviewedAt, { dateStyle: 'short', timeStyle: 'short' }) })
                  : r.reviewedAt
                    ? format.dateTime(r.reviewedAt, { dateStyle: 'short', timeStyle: 'short' })
                    : t('topup.waiting'),
          },
          {
            key: 'actions',
            header: common('actions'),
            className: 'whitespace-nowrap',
            cell: (r) =>
              r.status === 'pending' && (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={withdraw.isPending}
                  onClick={() => {
                    setNotice(null);
                    if (window.confirm(t('topup.confirmWithdraw', { id: r.id, amount: formatFen(r.amount, { currency: true }) }))) withdraw.mutate({ id: r.id });
                  }}
                >
                  {t('topup.withdraw')}
                </Button>
              ),
          },
        ]}
      />
    </div>
  );
}
