'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { BillView } from '@/components/settlement/bill-view';
import { ErrorMessage } from '@/components/ui/error-message';
import { useTRPC } from '@/lib/trpc/client';

export function SupplierBillDetail({ billId }: { billId: number }) {
  const common = useTranslations('common');
  const trpc = useTRPC();
  const bill = useQuery(trpc.supplier.bills.get.queryOptions({ billId }));
  if (bill.error) return <ErrorMessage error={bill.error} />;
  if (!bill.data) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  return <BillView bill={bill.data} />;
}
