'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { TopupStatus, TopupStatusSelect, topupStatusQuery, type TopupStatusFilter } from '@/components/wallet/topup-status';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import type { TOPUP_SORTS } from '@/server/domain/wallet/schemas';

const PAGE_SIZE = 20;
type TopupSort = (typeof TOPUP_SORTS)[number];

/**
 * Staff check each application against the money received, then approve or reject it. The
 * list opens on the applications waiting; its status and page stay in the address
 * (`?topups.status=all&topups.page=2`).
 */
export function TopupReview() {
  const t = useTranslations('wallet');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useListFilters<{ status?: TopupStatusFilter }, TopupSort>({ status: 'pending' }, { url: 'topups', sort: { by: 'id', dir: 'desc' } });
  const [notice, setNotice] = useState<string | null>(null);
  // The row of an approved or rejected application leaves the list of those waiting, and its
  // button with it: focus goes to the result, where a keyboard or screen-reader user reads it.
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const query = useQuery(trpc.admin.wallet.topupRequests.queryOptions({ status: topupStatusQuery(list.filters.status), page: list.page, pageSize: PAGE_SIZE, sort: list.sort?.by, dir: list.sort?.dir }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.wallet.pathKey() });
  const approve = useMutation(
    trpc.admin.wallet.approveTopup.mutationOptions({
      onSuccess: (r) => {
        setNotice(r.credited ? t('review.approved', { id: r.request.id, amount: formatFen(r.request.amount, { currency: true }) }) : t('review.alreadyApproved', { id: r.request.id }));
        void refresh();
      },
    }),
  );
  const reject = useMutation(
    trpc.admin.wallet.rejectTopup.mutationOptions({
      onSuccess: (r) => {
        setNotice(t('review.rejected', { id: r.id }));
        void refresh();
      },
    }),
  );
  const busy = approve.isPending || reject.isPending;

  return (
    <div data-testid="topup-review">
      <ListPage
        list={list}
        query={query}
        rowKey={(r) => r.id}
        pageSize={PAGE_SIZE}
        empty={t('topup.none')}
        error={approve.error ?? reject.error}
        filters={<TopupStatusSelect value={list.draft.status ?? 'pending'} onChange={(status) => list.set({ status }, true)} />}
        above={
          notice && (
            <p ref={noticeRef} tabIndex={-1} role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
              {notice}
            </p>
          )
        }
        columns={[
          { key: 'id', header: t('topup.number'), className: 'whitespace-nowrap', cell: (r) => <span className="font-mono">#{r.id}</span> },
          {
            key: 'distributor',
            header: t('ledger.distributor'),
            cell: (r) => (
              <Link href={`/admin/distributors/${r.distributorId}`} className="text-brand-700 hover:underline">
                {r.distributorCode} {r.distributorName}
              </Link>
            ),
          },
          { key: 'time', header: t('topup.appliedAt'), sort: 'id', className: 'whitespace-nowrap', cell: (r) => format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' }) },
          { key: 'amount', header: t('topup.amount'), sort: 'amount', className: 'text-right tabular-nums font-medium whitespace-nowrap', cell: (r) => formatFen(r.amount, { currency: true }) },
          { key: 'method', header: t('topup.paymentMethod'), cell: (r) => t(`topup.method.${r.paymentMethod as 'other'}`) },
          { key: 'ref', header: t('topup.paymentReference'), cell: (r) => <span className="font-mono text-xs">{r.paymentReference}</span> },
          {
            key: 'note',
            header: t('topup.note'),
            cell: (r) => (
              <span className="text-slate-600">
                {r.note}
                {r.proofImageUrl && (
                  <a href={r.proofImageUrl} target="_blank" rel="noreferrer" className="ml-1 text-brand-700 hover:underline">
                    {t('topup.proof')}
                  </a>
                )}
              </span>
            ),
          },
          {
            key: 'status',
            header: common('status'),
            cell: (r) => (
              <div className="flex flex-col gap-0.5">
                <TopupStatus status={r.status} />
                {r.status !== 'pending' && (
                  <span className="text-xs text-slate-500">
                    {r.reviewedBy} {r.reviewedAt ? format.dateTime(r.reviewedAt, { dateStyle: 'short', timeStyle: 'short' }) : ''}
                    {r.rejectReason ? ` · ${r.rejectReason}` : ''}
                  </span>
                )}
              </div>
            ),
          },
          {
            key: 'actions',
            header: common('actions'),
            className: 'whitespace-nowrap',
            cell: (r) =>
              r.status === 'pending' && (
                <div className="flex gap-1">
                  <Button
                    size="sm"
                    disabled={busy}
                    onClick={() => {
                      setNotice(null);
                      if (window.confirm(t('review.confirmApprove', { id: r.id, code: r.distributorCode, amount: formatFen(r.amount, { currency: true }) }))) {
                        approve.mutate({ id: r.id });
                      }
                    }}
                  >
                    {t('review.approve')}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={busy}
                    onClick={() => {
                      setNotice(null);
                      const reason = window.prompt(t('review.rejectReason'));
                      if (reason?.trim()) reject.mutate({ id: r.id, reason });
                    }}
                  >
                    {t('review.reject')}
                  </Button>
                </div>
              ),
          },
        ]}
      />
    </div>
  );
}
