'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { formatFen } from '@/lib/money';
import type { TimelineEntry } from '@/server/domain/orders/timeline';

const DOT: Record<string, string> = {
  'order.create': 'bg-slate-400',
  'order.pay': 'bg-brand-600',
  'order.ship': 'bg-emerald-500',
  'order.confirm_receipt': 'bg-emerald-700',
  'order.auto_complete': 'bg-emerald-700',
  'order.refund': 'bg-red-500',
  'order.cancel': 'bg-slate-400',
  'order.expire': 'bg-slate-400',
  ledger: 'bg-amber-500',
  callback: 'bg-sky-400',
};

/** Every recorded step of an order, oldest first, as the portal is allowed to see it. */
export function OrderTimeline({ entries }: { entries: TimelineEntry[] }) {
  const t = useTranslations('orders.timeline');
  const status = useTranslations('orders');
  const wallet = useTranslations('wallet');
  const format = useFormatter();
  const carrierName = (c: unknown) => (typeof c === 'string' && status.has(`carriers.${c}`) ? status(`carriers.${c}`) : String(c ?? ''));

  function title(e: TimelineEntry): ReactNode {
    const d = e.detail;
    // The event type is the open API's own identifier (order.shipped): shown as code.
    if (e.action === 'callback') return t.rich('actions.callback', { type: String(d.type), code: (chunks) => <code className="text-xs">{chunks}</code> });
    if (e.action === 'after_sales.open' || e.action === 'after_sales.close') return t(`actions.${e.action}`, { caseId: Number(d.caseId) });
    return t.has(`actions.${e.action}`) ? t(`actions.${e.action}`) : e.action;
  }

  function line(e: TimelineEntry): string | null {
    const d = e.detail;
    switch (e.action) {
      case 'order.ship': {
        const parts = [];
        if (d.carrier) parts.push(d.own === true ? t('ownPackage', { carrier: carrierName(d.carrier), trackingNo: String(d.trackingNo) }) : `${carrierName(d.carrier)} ${d.trackingNo}`);
        else if (d.own === false) parts.push(t('otherPackage'));
        if (d.orderShipped) parts.push(t('allShipped'));
        return parts.join(' · ') || null;
      }
      case 'order.refund':
        return d.reason ? t('reason', { reason: String(d.reason) }) : null;
      case 'after_sales.open':
        return d.reason ? t('reason', { reason: String(d.reason) }) : null;
      case 'after_sales.close':
        return d.resolution ? t('resolution', { resolution: String(d.resolution) }) : null;
      case 'ledger':
        return (
          t('ledger', { kind: wallet(`kind.${String(d.kind)}`), amount: formatFen(Number(d.amount), { currency: true }), balance: formatFen(Number(d.balanceAfter), { currency: true }) }) +
          (d.caseId ? t('ledgerCase', { caseId: Number(d.caseId) }) : '')
        );
      case 'callback':
        return `${d.eventId} · ${t(`delivery.${String(d.deliveryStatus)}`, { attempts: Number(d.attempts) })}`;
      default:
        return null;
    }
  }

  return (
    <Card title={t('title')}>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">{t('empty')}</p>
      ) : (
        <ol className="relative ml-2 border-l border-slate-200" data-testid="order-timeline">
          {entries.map((e, i) => (
            <li key={i} className="mb-3 ml-4" data-action={e.action}>
              <span className={`absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white ${DOT[e.action] ?? 'bg-slate-300'}`} />
              <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <span className="font-medium text-slate-800">{title(e)}</span>
                <time className="text-xs text-slate-500 tabular-nums">{format.dateTime(e.at, { dateStyle: 'short', timeStyle: 'medium' })}</time>
                {e.actor && (
                  <span className="text-xs text-slate-500">
                    {t(`actors.${e.actor.kind}`)}
                    {e.actor.name ? ` · ${e.actor.name}` : ''}
                  </span>
                )}
              </div>
              {line(e) && <p className="text-xs text-slate-600">{line(e)}</p>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
