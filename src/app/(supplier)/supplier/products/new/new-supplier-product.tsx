'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { ProductForm } from '@/components/catalog/product-form';
import { useTRPC } from '@/lib/trpc/client';

export function NewSupplierProduct() {
  const common = useTranslations('common');
  const trpc = useTRPC();
  const router = useRouter();
  const options = useQuery(trpc.supplier.products.formOptions.queryOptions());
  const create = useMutation(trpc.supplier.products.create.mutationOptions({ onSuccess: (p) => router.push(`/supplier/products/${p.id}`) }));
  if (!options.data) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  return (
    <ProductForm
      mode="supplier"
      categories={options.data.categories}
      brands={options.data.brands}
      showStock
      showStatus={false}
      pending={create.isPending}
      error={create.error}
      onSubmit={({ supplyPrice: _platformPrice, status: _status, ...p }, { submit }) => create.mutate({ ...p, submit })}
    />
  );
}
