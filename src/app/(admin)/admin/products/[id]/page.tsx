import { notFound } from 'next/navigation';
import { requirePortal } from '@/server/auth/guard';
import { ProductDetail } from './product-detail';

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePortal('staff');
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <ProductDetail id={id} />;
}
