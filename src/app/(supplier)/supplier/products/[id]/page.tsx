import { notFound } from 'next/navigation';
import { requirePortal } from '@/server/auth/guard';
import { MyProduct } from './my-product';

export default async function SupplierProductPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePortal('supplier');
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <MyProduct id={id} />;
}
