'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import type { Receiver } from '@/server/db/schema/orders';

/** A label and its value, in the facts grid of an order page. */
export function Fact({ label, children, testId, className }: { label: ReactNode; children: ReactNode; testId?: string; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-800" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export function FactGrid({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">{children}</dl>;
}

/** A time, or a dash while it has not happened. */
export function When({ at }: { at: Date | null | undefined }) {
  const format = useFormatter();
  return <>{at ? format.dateTime(at, { dateStyle: 'short', timeStyle: 'short' }) : '—'}</>;
}

/** Where the goods go, with a button that copies it for a waybill. */
export function ReceiverCard({ receiver, remark }: { receiver: Receiver; remark: string }) {
  const t = useTranslations('orders.detail');
  const address = `${receiver.province}${receiver.city}${receiver.district}${receiver.address}`;
  return (
    <Card title={t('receiver')} actions={<CopyButton text={`${receiver.name} ${receiver.phone} ${address}`} label={t('copyAddress')} />}>
      <FactGrid>
        <Fact label={t('receiverName')} testId="receiver-name">
          {receiver.name}
        </Fact>
        <Fact label={t('phone')}>{receiver.phone}</Fact>
        <Fact label={t('address')} testId="receiver-address" className="col-span-2">
          {address}
        </Fact>
        <Fact label={t('remark')} className="col-span-2 sm:col-span-4">
          {remark || t('noRemark')}
        </Fact>
      </FactGrid>
    </Card>
  );
}

/** "顺丰 SF123 · shipped 11/30 10:00 by admin", or "to ship". */
export function PackageLine({ pkg }: { pkg: { carrier: string; trackingNo: string; shippedAt: Date; shippedBy?: string | null } | null }) {
  const t = useTranslations('orders');
  const format = useFormatter();
  if (!pkg) return <span className="text-amber-700">{t('detail.awaiting')}</span>;
  const time = format.dateTime(pkg.shippedAt, { dateStyle: 'short', timeStyle: 'short' });
  const carrier = t.has(`carriers.${pkg.carrier}`) ? t(`carriers.${pkg.carrier}`) : pkg.carrier;
  return (
    <span className="text-emerald-700" data-testid="package-line">
      {t('detail.shippedWith', { carrier, trackingNo: pkg.trackingNo })} · {pkg.shippedBy ? t('detail.shippedAtBy', { time, who: pkg.shippedBy }) : t('detail.shippedAtOnly', { time })}
    </span>
  );
}
