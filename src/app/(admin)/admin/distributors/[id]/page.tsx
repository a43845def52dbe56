import { notFound } from 'next/navigation';
import { requirePortal } from '@/server/auth/guard';
import { DistributorDetail } from './distributor-detail';

export default async function DistributorPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePortal('staff');
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <DistributorDetail id={id} />;
}
