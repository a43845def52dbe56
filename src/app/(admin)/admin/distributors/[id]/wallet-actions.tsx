'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
import { formatFen, parseYuan } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

/**
 * Staff top up a balance directly, or adjust it up or down with a reason. Each form opens
 * with a fresh request key, so a double submission is applied once.
 */
export function WalletActions({ distributorId, balance }: { distributorId: number; balance: number }) {
  const t = useTranslations('wallet');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'topup' | 'up' | 'down'>('topup');
  const [amountText, setAmountText] = useState('');
  const [text, setText] = useState('');
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (r: { applied: boolean; balanceAfter: number }) => {
    setNotice(t('staff.done', { balance: formatFen(r.balanceAfter, { currency: true }) }));
    setAmountText('');
    setText('');
    setRequestKey(crypto.randomUUID());
    void queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  };
  const topUp = useMutation(trpc.admin.wallet.topUp.mutationOptions({ onSuccess: done }));
  const adjust = useMutation(trpc.admin.wallet.adjust.mutationOptions({ onSuccess: done }));
  const pending = topUp.isPending || adjust.isPending;

  return (
    <form
      className="flex flex-col gap-3"
      data-testid="wallet-actions"
      onSubmit={(e) => {
        e.preventDefault();
        setNotice(null);
        const amount = parseYuan(amountText);
        if (amount === null || amount <= 0) return setProblem(t('topup.amountInvalid'));
        if (mode !== 'topup' && !text.trim()) return setProblem(t('staff.reasonRequired'));
        if (mode === 'down' && amount > balance) return setProblem(t('staff.belowZero', { balance: formatFen(balance, { currency: true }) }));
        setProblem(null);
        if (mode === 'topup') topUp.mutate({ distributorId, amount, note: text, requestKey });
        else adjust.mutate({ distributorId, direction: mode, amount, reason: text, requestKey });
      }}
    >
      <Field label={t('staff.action')} htmlFor="wallet-mode">
        <Select id="wallet-mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="topup">{t('staff.topup')}</option>
          <option value="up">{t('staff.adjustUp')}</option>
          <option value="down">{t('staff.adjustDown')}</option>
        </Select>
      </Field>
      <Field label={t('topup.amount')} htmlFor="wallet-amount">
        <Input id="wallet-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} placeholder="0.00" required />
      </Field>
      <Field label={mode === 'topup' ? t('topup.note') : t('staff.reason')} htmlFor="wallet-text" hint={mode === 'topup' ? t('staff.noteHint') : t('staff.reasonHint')}>
        <Input id="wallet-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={500} required={mode !== 'topup'} />
      </Field>
      {problem && (
        <p className="text-sm text-red-600" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={topUp.error ?? adjust.error} />
      {notice && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
          {notice}
        </p>
      )}
      <Button type="submit" disabled={pending} variant={mode === 'down' ? 'danger' : 'primary'}>
        {pending ? t('staff.posting') : mode === 'topup' ? t('staff.topup') : mode === 'up' ? t('staff.adjustUp') : t('staff.adjustDown')}
      </Button>
    </form>
  );
}
