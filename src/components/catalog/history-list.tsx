'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { formatFen } from '@/lib/money';

export type HistoryEntry = {
  id: number;
  action: string;
  at: Date;
  by?: string;
  detail: Record<string, unknown>;
};

/** A product's history from the audit log: who did what, when, with the reasons given. */
export function HistoryList({ entries }: { entries: HistoryEntry[] }) {
  const t = useTranslations('catalog.history');
  const format = useFormatter();
  if (entries.length === 0) return <p className="text-sm text-slate-500">{t('empty')}</p>;
  return (
    <ol className="flex flex-col gap-3" data-testid="history">
      {entries.map((h) => {
        const d = h.detail;
        const action = t.has(`actions.${h.action}`) ? t(`actions.${h.action}`) : h.action;
        const notes: string[] = [];
        if (typeof d.reason === 'string') notes.push(t.has(`reasons.${d.reason}`) ? t(`reasons.${d.reason}`) : d.reason);
        if (typeof d.delta === 'number') notes.push(t('delta', { delta: d.delta > 0 ? `+${d.delta}` : String(d.delta) }));
        if (h.action.startsWith('product.stock') && typeof d.from === 'number' && typeof d.to === 'number') notes.push(t('stockMove', { from: d.from, to: d.to }));
        if (typeof d.supplyPrice === 'number') notes.push(t('supplyPrice', { price: formatFen(d.supplyPrice, { currency: true }) }));
        if (Array.isArray(d.changed) && d.changed.length) {
          notes.push(t('changed', { fields: d.changed.map((f: string) => (t.has(`fields.${f}`) ? t(`fields.${f}`) : f)).join('、') }));
        }
        return (
          <li key={h.id} className="border-l-2 border-slate-200 pl-3">
            <div className="text-sm font-medium text-slate-800">
              {action}
              {h.by && <span className="ml-2 font-normal text-slate-500">{h.by}</span>}
            </div>
            <div className="text-xs text-slate-500">{format.dateTime(h.at, { dateStyle: 'short', timeStyle: 'short' })}</div>
            {notes.map((n) => (
              <div key={n} className="mt-0.5 text-sm text-slate-700">
                {n}
              </div>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
