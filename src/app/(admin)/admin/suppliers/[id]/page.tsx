import { notFound } from 'next/navigation';
import { requirePortal } from '@/server/auth/guard';
import { SupplierDetail } from './supplier-detail';

export default async function SupplierPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePortal('staff');
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <SupplierDetail id={id} />;
}
