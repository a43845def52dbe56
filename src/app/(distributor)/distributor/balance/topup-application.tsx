'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { ImageUploader, type UploadedImage } from '@/components/catalog/image-uploader';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select, Textarea } from '@/components/ui/input';
import { formatFen, parseYuan } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { PAYMENT_METHODS } from '@/server/domain/wallet/schemas';

/** The distributor applies for a top-up it paid offline; staff check the payment and approve. */
export function TopupApplication() {
  const t = useTranslations('wallet');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [amountText, setAmountText] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The submit button is busy (disabled) while the application is sent, which takes focus
  // from it: focus goes to the result, where a keyboard or screen-reader user reads it.
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const [proof, setProof] = useState<UploadedImage[]>([]);
  const apply = useMutation(
    trpc.distributor.balance.applyTopup.mutationOptions({
      onSuccess: (request) => {
        setNotice(t('topup.applied', { amount: formatFen(request.amount, { currency: true }) }));
        setAmountText('');
        setProof([]);
        void queryClient.invalidateQueries({ queryKey: trpc.distributor.balance.pathKey() });
      },
    }),
  );

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const amount = parseYuan(amountText);
        setNotice(null);
        if (amount === null || amount <= 0) {
          setAmountError(t('topup.amountInvalid'));
          return;
        }
        setAmountError(null);
        apply.mutate(
          {
            amount,
            paymentMethod: String(data.get('paymentMethod')) as (typeof PAYMENT_METHODS)[number],
            paymentReference: String(data.get('paymentReference')),
            proofImage: proof[0]?.key ?? null,
            note: String(data.get('note')),
          },
          { onSuccess: () => form.reset() },
        );
      }}
    >
      <Field label={t('topup.amount')} htmlFor="topup-amount" error={amountError} hint={t('topup.amountHint')}>
        <Input id="topup-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} placeholder="0.00" required />
      </Field>
      <Field label={t('topup.paymentMethod')} htmlFor="topup-method">
        <Select id="topup-method" name="paymentMethod" defaultValue="bank_transfer">
          {PAYMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`topup.method.${m}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('topup.paymentReference')} htmlFor="topup-reference" hint={t('topup.paymentReferenceHint')}>
        <Input id="topup-reference" name="paymentReference" required maxLength={128} />
      </Field>
      <Field label={t('topup.proofImage')} htmlFor="topup-proof" hint={t('topup.proofImageHint')}>
        <ImageUploader id="topup-proof" label={t('topup.proofImage')} images={proof} onChange={setProof} capacity={1} purpose="topup-proof" single />
      </Field>
      <Field label={t('topup.note')} htmlFor="topup-note">
        <Textarea id="topup-note" name="note" rows={2} maxLength={500} />
      </Field>
      <ErrorMessage error={apply.error} />
      {notice && (
        <p ref={noticeRef} tabIndex={-1} role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
          {notice}
        </p>
      )}
      <Button type="submit" disabled={apply.isPending}>
        {apply.isPending ? common('saving') : t('topup.submit')}
      </Button>
    </form>
  );
}
