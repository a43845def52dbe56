'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';

/** Refunding an unshipped order, with its reason, after a confirmation: staff's and the distributor's alike. */
export function RefundForm({ hint, onRefund, pending, error }: { hint: string; onRefund: (reason: string) => void; pending: boolean; error: unknown }) {
  const t = useTranslations('orders.refund');
  const [reason, setReason] = useState('');
  return (
    <Card title={t('title')}>
      <form
        className="flex flex-col gap-3"
        data-testid="refund-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (window.confirm(t('confirm'))) onRefund(reason.trim());
        }}
      >
        <p className="text-sm text-slate-600">{hint}</p>
        <Field label={t('reason')} htmlFor="refund-reason">
          <Input id="refund-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
        </Field>
        <ErrorMessage error={error} />
        <div>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? t('submitting') : t('submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
