'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Gallery } from '@/components/catalog/gallery';
import { HistoryList } from '@/components/catalog/history-list';
import { ProductHeading } from '@/components/catalog/product-cell';
import { Button } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Textarea } from '@/components/ui/input';
import { formatFen, parseYuan } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

/**
 * One submission: everything the supplier sent, its supply price shown as the cost price,
 * and the two decisions. Approving sets the platform's supply price.
 */
export function ReviewDecision({ id }: { id: number }) {
  const t = useTranslations('catalog.review');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const product = useQuery(trpc.admin.review.get.queryOptions({ id }));
  const [price, setPrice] = useState('');
  const [reason, setReason] = useState('');
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.admin.review.get.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.admin.review.queue.queryKey() });
  };
  const approve = useMutation(trpc.admin.review.approve.mutationOptions({ onSuccess: done }));
  const reject = useMutation(trpc.admin.review.reject.mutationOptions({ onSuccess: done }));

  if (product.error) return <ErrorMessage error={product.error} />;
  const p = product.data;
  if (!p) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  const fen = parseYuan(price);
  const margin = fen !== null && fen > 0 ? ((fen - p.costPrice) / fen) * 100 : null;
  const inReview = p.status === 'pending_review';

  return (
    <>
      <PageHeader
        title={<ProductHeading title={p.title} status={p.status} />}
        description={`${p.skuCode} · ${p.supplierName}`}
        actions={
          <Link href="/admin/review" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">
            {t('backToQueue')}
          </Link>
        }
      />
      <div className="grid gap-5 xl:grid-cols-[1fr_24rem]">
        <div className="flex flex-col gap-5">
          <Card title={t('submitted')}>
            <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
              <div><dt className="text-slate-500">{t('category')}</dt><dd>{p.categoryName} · {p.brandName}</dd></div>
              <div><dt className="text-slate-500">{t('costPrice')}</dt><dd className="tabular-nums font-semibold" data-testid="review-cost">{formatFen(p.costPrice, { currency: true })}</dd></div>
              <div><dt className="text-slate-500">{t('stock')}</dt><dd>{p.stock}</dd></div>
              <div><dt className="text-slate-500">{t('minQuantity')}</dt><dd>{p.minQuantity}</dd></div>
              <div><dt className="text-slate-500">{t('freight')}</dt><dd>{formatFen(p.freight, { currency: true })}</dd></div>
              <div><dt className="text-slate-500">{t('attributes')}</dt><dd>{p.attributes.map((a) => `${a.name}: ${a.value}`).join('；') || '—'}</dd></div>
            </dl>
            <h3 className="mt-4 text-sm font-medium text-slate-700">{t('mainImages')}</h3>
            {p.imageUrls.length ? <Gallery urls={p.imageUrls} label={t('mainImages')} /> : <p className="text-sm text-slate-500">{t('noImages')}</p>}
            <h3 className="mt-4 text-sm font-medium text-slate-700">{t('detailImages')}</h3>
            {p.detailImageUrls.length ? <Gallery urls={p.detailImageUrls} label={t('detailImages')} /> : <p className="text-sm text-slate-500">{t('noImages')}</p>}
          </Card>
          <Card title={t('history')}>
            <HistoryList entries={p.history.map((h) => ({ ...h, by: h.actorName || h.actorUsername || undefined }))} />
          </Card>
        </div>
        <div className="flex flex-col gap-5">
          {!inReview && (
            <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
              {t('decided')}
            </p>
          )}
          <Card title={t('approve')}>
            <form
              className="flex flex-col gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                if (fen !== null && fen >= 0 && p.submittedAt) approve.mutate({ id, submittedAt: p.submittedAt, supplyPrice: fen });
              }}
            >
              <Field label={t('supplyPrice')} htmlFor="supplyPrice" hint={margin === null ? t('supplyHint') : t('margin', { margin: margin.toFixed(1) })}>
                <Input id="supplyPrice" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} disabled={!inReview} />
              </Field>
              {fen !== null && fen < p.costPrice && <p className="text-sm text-amber-700">{t('belowCost')}</p>}
              <ErrorMessage error={approve.error} />
              <Button type="submit" disabled={!inReview || fen === null || fen < 0 || approve.isPending}>
                {t('approveButton')}
              </Button>
            </form>
          </Card>
          <Card title={t('reject')}>
            <form
              className="flex flex-col gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                if (reason.trim() && p.submittedAt) reject.mutate({ id, submittedAt: p.submittedAt, reason: reason.trim() });
              }}
            >
              <Field label={t('reason')} htmlFor="reason" hint={t('reasonHint')}>
                <Textarea id="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} disabled={!inReview} />
              </Field>
              <ErrorMessage error={reject.error} />
              <Button type="submit" variant="danger" disabled={!inReview || !reason.trim() || reject.isPending}>
                {t('rejectButton')}
              </Button>
            </form>
          </Card>
        </div>
      </div>
    </>
  );
}
