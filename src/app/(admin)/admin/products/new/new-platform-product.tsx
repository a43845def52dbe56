'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { ProductForm } from '@/components/catalog/product-form';
import { useTRPC } from '@/lib/trpc/client';

export function NewPlatformProduct() {
  const common = useTranslations('common');
  const trpc = useTRPC();
  const router = useRouter();
  const options = useQuery(trpc.admin.products.formOptions.queryOptions());
  const create = useMutation(trpc.admin.products.create.mutationOptions({ onSuccess: (p) => router.push(`/admin/products/${p.id}?created=1`) }));
  if (!options.data) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  return (
    <ProductForm
      mode="platform"
      categories={options.data.categories.filter((c) => c.status === 'active')}
      brands={options.data.brands.filter((b) => b.status === 'active')}
      showStock
      showStatus
      pending={create.isPending}
      error={create.error}
      onSubmit={({ supplierCostPrice: _private, ...p }) => create.mutate(p)}
    />
  );
}
