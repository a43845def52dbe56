'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
import { CARRIERS, type ShipInput } from '@/server/domain/orders/carriers';

export type ShipResultView = { outcome: 'shipped' | 'already_shipped' | 'corrected'; package: { carrier: string; trackingNo: string } };

/** Carrier (from the list, or another named) and tracking number for one package. */
export function ShipForm({
  orderNo,
  onShip,
  pending,
  error,
  result,
  initial,
  submitLabel,
}: {
  orderNo: string;
  onShip: (input: ShipInput) => void;
  pending: boolean;
  error: unknown;
  result?: ShipResultView | null;
  /** The package as shipped, when correcting it. */
  initial?: { carrier: string; trackingNo: string };
  submitLabel?: string;
}) {
  const t = useTranslations('orders');
  const listed = initial && (CARRIERS as readonly string[]).includes(initial.carrier) ? (initial.carrier as ShipInput['carrier']) : initial ? 'other' : '顺丰';
  const [carrier, setCarrier] = useState<ShipInput['carrier']>(listed);
  const [otherCarrier, setOtherCarrier] = useState(listed === 'other' && initial ? initial.carrier : '');
  const [trackingNo, setTrackingNo] = useState(initial?.trackingNo ?? '');
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      data-testid="ship-form"
      onSubmit={(e) => {
        e.preventDefault();
        onShip({ orderNo, carrier, trackingNo: trackingNo.trim(), ...(carrier === 'other' ? { otherCarrier: otherCarrier.trim() } : {}) });
      }}
    >
      <Field label={t('ship.carrier')} htmlFor={`carrier-${orderNo}`}>
        <Select id={`carrier-${orderNo}`} className="w-40" value={carrier} onChange={(e) => setCarrier(e.target.value as ShipInput['carrier'])}>
          {[...CARRIERS, 'other' as const].map((c) => (
            <option key={c} value={c}>
              {t(`carriers.${c}`)}
            </option>
          ))}
        </Select>
      </Field>
      {carrier === 'other' && (
        <Field label={t('ship.otherCarrier')} htmlFor={`other-${orderNo}`}>
          <Input id={`other-${orderNo}`} className="w-40" value={otherCarrier} onChange={(e) => setOtherCarrier(e.target.value)} maxLength={30} required />
        </Field>
      )}
      <Field label={t('ship.trackingNo')} htmlFor={`tracking-${orderNo}`} hint={t('ship.trackingHint')}>
        <Input id={`tracking-${orderNo}`} className="w-56" value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} pattern="[A-Za-z0-9\-]{4,40}" required />
      </Field>
      <div className="pb-5">
        <Button type="submit" disabled={pending}>
          {pending ? t('ship.submitting') : (submitLabel ?? t('ship.submit'))}
        </Button>
      </div>
      <div className="basis-full">
        <ErrorMessage error={error} />
        {result && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
            {result.outcome === 'already_shipped'
              ? t('ship.already')
              : t(result.outcome === 'corrected' ? 'ship.corrected' : 'ship.done', { carrier: result.package.carrier, trackingNo: result.package.trackingNo })}
          </p>
        )}
      </div>
    </form>
  );
}
