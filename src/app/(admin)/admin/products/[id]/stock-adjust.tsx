'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { useTRPC } from '@/lib/trpc/client';

/** Staff add to or take from the stock, always with a reason (kept in the audit log). */
export function StockAdjust({ id, stock, onDone }: { id: number; stock: number; onDone: () => void }) {
  const t = useTranslations('catalog.stock');
  const trpc = useTRPC();
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const adjust = useMutation(
    trpc.admin.products.adjustStock.mutationOptions({
      onSuccess: () => {
        setDelta('');
        setReason('');
        onDone();
      },
    }),
  );
  const n = Number(delta);
  const valid = Number.isInteger(n) && n !== 0 && reason.trim().length > 0;
  return (
    <Card title={t('title', { stock })}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) adjust.mutate({ id, delta: n, reason: reason.trim() });
        }}
      >
        <Field label={t('delta')} htmlFor="stock-delta" hint={t('deltaHint')}>
          <Input id="stock-delta" type="number" step={1} value={delta} onChange={(e) => setDelta(e.target.value)} />
        </Field>
        <Field label={t('reason')} htmlFor="stock-reason">
          <Input id="stock-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} placeholder={t('reasonPlaceholder')} />
        </Field>
        <ErrorMessage error={adjust.error} />
        <Button type="submit" variant="secondary" disabled={!valid || adjust.isPending}>
          {t('apply')}
        </Button>
      </form>
    </Card>
  );
}
