'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Badge } from '@/components/ui/card';

/** Active or disabled, for categories, brands, attributes and suppliers. */
export function RecordStatusBadge({ status }: { status: 'active' | 'disabled' }) {
  const common = useTranslations('common');
  return <Badge tone={status === 'active' ? 'green' : 'gray'}>{common(status)}</Badge>;
}

/** Edit, disable/enable and (when given) delete, after a confirmation, for one table row. */
export function RowActions({
  status,
  onEdit,
  onToggle,
  onDelete,
  confirmDelete,
}: {
  status: 'active' | 'disabled';
  onEdit: () => void;
  onToggle: () => void;
  onDelete?: () => void;
  confirmDelete?: string;
}) {
  const common = useTranslations('common');
  return (
    <div className="flex gap-1">
      <Button size="sm" variant="ghost" onClick={onEdit}>
        {common('edit')}
      </Button>
      <Button size="sm" variant="ghost" onClick={onToggle}>
        {status === 'active' ? common('disable') : common('enable')}
      </Button>
      {onDelete && (
        <Button size="sm" variant="ghost" onClick={() => (!confirmDelete || window.confirm(confirmDelete)) && onDelete()}>
          {common('delete')}
        </Button>
      )}
    </div>
  );
}

/** Save, and Cancel while an existing record is being edited. */
export function EditorButtons({ editing, pending, onCancel }: { editing: boolean; pending: boolean; onCancel: () => void }) {
  const common = useTranslations('common');
  return (
    <div className="flex gap-2">
      <Button type="submit" disabled={pending}>
        {common('save')}
      </Button>
      {editing && (
        <Button variant="secondary" onClick={onCancel}>
          {common('cancel')}
        </Button>
      )}
    </div>
  );
}

/** The set with `id` added, or removed if it was in it (for checkbox lists). */
export function toggled(set: Set<number>, id: number): Set<number> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
