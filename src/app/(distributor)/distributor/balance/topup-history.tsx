'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Pagination } from '@/components/ui/pagination';
import { DataTable } from '@/components/ui/table';
import { TopupStatus, TopupStatusSelect, type TopupStatusValue } from '@/components/wallet/topup-status';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

/** The distributor's own top-up applications and where each stands. */
export function TopupHistory() {
  const t = useTranslations('wallet');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const [status, setStatus] = useState<TopupStatusValue | ''>('');
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.distributor.balance.topupRequests.queryOptions({ status: status || undefined, page, pageSize: 10 }));
  const queryClient = useQueryClient();
  const withdraw = useMutation(
    trpc.distributor.balance.withdrawTopup.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.distributor.balance.topupRequests.pathKey() }),
    }),
  );

  return (
    <div className="flex flex-col gap-3" data-testid="topup-history">
      <div className="flex items-center gap-2">
        <TopupStatusSelect
          value={status}
          onChange={(next) => {
            setStatus(next);
            setPage(1);
          }}
        />
      </div>
      <ErrorMessage error={list.error ?? withdraw.error} />
      <DataTable
        rows={list.data?.rows ?? []}
        rowKey={(r) => r.id}
        empty={list.isLoading ? common('loading') : t('topup.none')}
        columns={[
          { key: 'id', header: t('topup.number'), className: 'whitespace-nowrap', cell: (r) => <span className="font-mono">#{r.id}</span> },
          { key: 'time', header: t('topup.appliedAt'), className: 'whitespace-nowrap', cell: (r) => format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' }) },
          { key: 'amount', header: t('topup.amount'), className: 'text-right tabular-nums whitespace-nowrap', cell: (r) => formatFen(r.amount, { currency: true }) },
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
                    if (window.confirm(t('topup.confirmWithdraw', { id: r.id, amount: formatFen(r.amount, { currency: true }) }))) withdraw.mutate({ id: r.id });
                  }}
                >
                  {t('topup.withdraw')}
                </Button>
              ),
          },
        ]}
      />
      {list.data && <Pagination page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />}
    </div>
  );
}
