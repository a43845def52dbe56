import { notFound } from 'next/navigation';
import { requirePortal } from '@/server/auth/guard';
import { ReviewDecision } from './review-decision';

export default async function ReviewProductPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePortal('staff');
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <ReviewDecision id={id} />;
}
