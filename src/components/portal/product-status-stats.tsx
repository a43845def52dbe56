import { getTranslations } from 'next-intl/server';
import { Stat } from '@/components/ui/card';

const ORDER = ['on_sale', 'sold_out', 'pending_review', 'rejected', 'off_shelf', 'draft'] as const;

export async function ProductStatusStats({ counts }: { counts: Partial<Record<(typeof ORDER)[number], number>> }) {
  const t = await getTranslations('dashboard');
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {ORDER.map((status) => (
        <Stat key={status} label={t(`status.${status}`)} value={counts[status] ?? 0} />
      ))}
    </div>
  );
}
