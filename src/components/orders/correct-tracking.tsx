'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ShipInput } from '@/server/domain/orders/carriers';
import { ShipForm, type ShipResultView } from './ship-form';

/** "Correct the tracking number" under a package already sent: the same form, filled in. */
export function CorrectTracking(props: {
  orderNo: string;
  shipped: { carrier: string; trackingNo: string };
  onCorrect: (input: ShipInput) => void;
  pending: boolean;
  error: unknown;
  result?: ShipResultView | null;
}) {
  const t = useTranslations('orders');
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div>
        <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
          {t('ship.correct')}
        </Button>
      </div>
    );
  }
  return (
    <ShipForm
      orderNo={props.orderNo}
      initial={props.shipped}
      submitLabel={t('ship.saveCorrection')}
      onShip={props.onCorrect}
      pending={props.pending}
      error={props.error}
      result={props.result}
    />
  );
}
