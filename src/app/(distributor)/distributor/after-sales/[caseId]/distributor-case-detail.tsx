'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CaseView } from '@/components/orders/case-view';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { useTRPC } from '@/lib/trpc/client';

/** A case of the distributor's, closed here with its resolution once handled in the mall. */
export function DistributorCaseDetail({ caseId }: { caseId: number }) {
  const t = useTranslations('orders.afterSales');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const detail = useQuery(trpc.distributor.afterSales.get.queryOptions({ caseId }));
  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!detail.data) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  const c = detail.data;
  return (
    <CaseView
      detail={c}
      orderHref={`/distributor/orders/${c.orderNo}`}
      actions={
        c.status === 'open' ? (
          <CloseCaseForm caseId={caseId} known={c.resolution} />
        ) : (
          <p role="status" className="text-sm text-slate-600">
            {t('closed')}
          </p>
        )
      }
    />
  );
}

function CloseCaseForm({ caseId, known }: { caseId: number; known: string }) {
  const t = useTranslations('orders.afterSales');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [resolution, setResolution] = useState(known);
  const close = useMutation(trpc.distributor.afterSales.close.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.distributor.pathKey() }) }));
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      data-testid="close-case-form"
      onSubmit={(e) => {
        e.preventDefault();
        close.mutate({ caseId, resolution: resolution.trim() });
      }}
    >
      <div className="min-w-72 flex-1">
        <Field label={t('resolution')} htmlFor="close-resolution" hint={t('resolutionHint')}>
          <Input id="close-resolution" value={resolution} onChange={(e) => setResolution(e.target.value)} maxLength={500} required />
        </Field>
      </div>
      <div className="pb-5">
        <Button type="submit" disabled={close.isPending}>
          {t('submitClose')}
        </Button>
      </div>
      <div className="basis-full">
        <ErrorMessage error={close.error} />
      </div>
    </form>
  );
}
