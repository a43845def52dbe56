'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { BillView } from '@/components/settlement/bill-view';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { useTRPC } from '@/lib/trpc/client';
import { chinaDay } from '@/lib/china-time';

export function AdminBillDetail({ billId }: { billId: number }) {
  const t = useTranslations('settlement');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bill = useQuery(trpc.admin.bills.get.queryOptions({ billId }));
  const markPaid = useMutation(
    trpc.admin.bills.markPaid.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.admin.bills.pathKey() }) }),
  );
  if (bill.error) return <ErrorMessage error={bill.error} />;
  if (!bill.data) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  return (
    <BillView
      bill={bill.data}
      actions={
        bill.data.status === 'unpaid' ? (
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              markPaid.mutate({ billId, paidAt: String(f.get('paidAt')), reference: String(f.get('reference')) });
            }}
          >
            <Field label={t('paidAt')} htmlFor="paidAt">
              <Input id="paidAt" name="paidAt" type="date" required defaultValue={chinaDay()} />
            </Field>
            <Field label={t('reference')} htmlFor="reference">
              <Input id="reference" name="reference" required className="w-64" />
            </Field>
            <Button type="submit" disabled={markPaid.isPending}>
              {t('markPaid')}
            </Button>
            <ErrorMessage error={markPaid.error} />
          </form>
        ) : null
      }
    />
  );
}
