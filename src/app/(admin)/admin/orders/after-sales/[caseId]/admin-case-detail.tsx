'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CaseView } from '@/components/orders/case-view';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
import { formatFen, parseYuan } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

/** A case for staff, with the form that adjusts the distributor's balance for it. */
export function AdminCaseDetail({ caseId }: { caseId: number }) {
  const common = useTranslations('common');
  const trpc = useTRPC();
  const detail = useQuery(trpc.admin.afterSales.get.queryOptions({ caseId }));
  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!detail.data) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  return <CaseView detail={detail.data} orderHref={`/admin/orders/${detail.data.orderNo}`} actions={<CaseAdjustment caseId={caseId} />} />;
}

/** Each opening of the form has its own request key: a double submission posts once. */
function CaseAdjustment({ caseId }: { caseId: number }) {
  const t = useTranslations('orders.afterSales');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [direction, setDirection] = useState<'up' | 'down'>('up');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  const [problem, setProblem] = useState<string | null>(null);
  const adjust = useMutation(
    trpc.admin.afterSales.adjust.mutationOptions({
      onSuccess: () => {
        setAmountText('');
        setReason('');
        setRequestKey(crypto.randomUUID());
        void queryClient.invalidateQueries({ queryKey: trpc.admin.afterSales.pathKey() });
      },
    }),
  );
  return (
    <form
      className="flex flex-col gap-3"
      data-testid="case-adjustment"
      onSubmit={(e) => {
        e.preventDefault();
        const amount = parseYuan(amountText);
        if (amount === null || amount <= 0) return setProblem(t('amountInvalid'));
        setProblem(null);
        adjust.mutate({ caseId, direction, amount, reason: reason.trim(), requestKey });
      }}
    >
      <h3 className="text-sm font-semibold text-slate-800">{t('adjustTitle')}</h3>
      <p className="text-sm text-slate-600">{t('adjustHint')}</p>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('direction')} htmlFor="case-direction">
          <Select id="case-direction" className="w-40" value={direction} onChange={(e) => setDirection(e.target.value as 'up' | 'down')}>
            <option value="up">{t('up')}</option>
            <option value="down">{t('down')}</option>
          </Select>
        </Field>
        <Field label={t('amount')} htmlFor="case-amount">
          <Input id="case-amount" className="w-36" inputMode="decimal" placeholder="0.00" value={amountText} onChange={(e) => setAmountText(e.target.value)} required />
        </Field>
        <div className="min-w-64 flex-1">
          <Field label={t('adjustReason')} htmlFor="case-reason">
            <Input id="case-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={400} required />
          </Field>
        </div>
        <Button type="submit" variant={direction === 'down' ? 'danger' : 'primary'} disabled={adjust.isPending}>
          {t('submitAdjust')}
        </Button>
      </div>
      {problem && (
        <p role="alert" className="text-sm text-red-600">
          {problem}
        </p>
      )}
      <ErrorMessage error={adjust.error} />
      {adjust.data && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
          {t('adjusted', { balance: formatFen(adjust.data.balanceAfter, { currency: true }) })}
        </p>
      )}
    </form>
  );
}
