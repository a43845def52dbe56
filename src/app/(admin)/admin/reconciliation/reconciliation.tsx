'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { DataTable } from '@/components/ui/table';
import { useTRPC } from '@/lib/trpc/client';
import type { Breach, RecordRef } from '@/server/domain/invariants/types';
import { BreachFigures } from './breach-figures';

/** Where staff look at a record: its own page, or the page of the record it belongs to. */
function recordHref(r: RecordRef, breach: Breach): string | undefined {
  const sibling = (kind: RecordRef['kind']) => breach.records.find((x) => x.kind === kind);
  switch (r.kind) {
    case 'order':
      return r.label ? `/admin/orders/${encodeURIComponent(r.label)}` : undefined;
    case 'distributor':
      return `/admin/distributors/${r.id}`;
    case 'supplier':
      return `/admin/suppliers/${r.id}`;
    case 'product':
      return `/admin/products/${r.id}`;
    case 'bill':
      return `/admin/bills/${r.id}`;
    case 'topup_request':
      return '/admin/topups';
    case 'ledger_entry': {
      const d = sibling('distributor');
      return d ? `/admin/distributors/${d.id}` : undefined;
    }
    case 'earning':
    case 'bill_line': {
      const bill = sibling('bill');
      const order = sibling('order');
      return bill ? `/admin/bills/${bill.id}` : order?.label ? `/admin/orders/${encodeURIComponent(order.label)}` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * 对账: checkInvariants (what `npm run check` runs) on the live database, in one snapshot.
 * Every rule with its state; every breach with the records it involves, each a link.
 */
export function Reconciliation() {
  const t = useTranslations('finance.reconciliation');
  // Rule names are dotted (stock.nonnegative): read them whole, not as nested keys.
  const ruleName = (rule: string) => (t.raw('rules') as Record<string, string>)[rule] ?? rule;
  const format = useFormatter();
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.admin.reconciliation.check.queryOptions(), refetchOnWindowFocus: false });
  const data = report.data;
  const breaches = data?.breaches ?? [];
  const countOf = (rule: string) => breaches.filter((b) => b.rule === rule).length;

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">{data ? t('checkedAt', { time: format.dateTime(data.checkedAt, { dateStyle: 'medium', timeStyle: 'medium' }) }) : t('checking')}</p>
        <Button variant="secondary" onClick={() => void report.refetch()} disabled={report.isFetching}>
          {report.isFetching ? t('checking') : t('recheck')}
        </Button>
      </div>
      <ErrorMessage error={report.error} />
      {data &&
        (breaches.length === 0 ? (
          <p className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800" data-testid="reconciliation-ok">
            ✓ {t('allGood', { count: data.rules.length })}
          </p>
        ) : (
          <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm font-medium text-red-800" data-testid="reconciliation-breaches">
            {t('breaches', { count: breaches.length })}
          </p>
        ))}
      {breaches.length > 0 && (
        <Card title={t('breaches', { count: breaches.length })}>
          <DataTable
            rows={breaches.map((b, i) => ({ ...b, key: i }))}
            rowKey={(b) => b.key}
            empty=""
            columns={[
              { key: 'rule', header: t('rule'), cell: (b) => <span data-rule={b.rule}>{ruleName(b.rule)}</span> },
              {
                key: 'records',
                header: t('records'),
                cell: (b) => (
                  <ul className="flex flex-col gap-0.5">
                    {b.records.map((r) => {
                      const href = recordHref(r, b);
                      const text = `${t(`kinds.${r.kind}`)} ${r.label ?? `#${r.id}`}`;
                      return (
                        <li key={`${r.kind}-${r.id}`}>
                          {href ? (
                            <Link className="text-brand-700 hover:underline" href={href}>
                              {text}
                            </Link>
                          ) : (
                            text
                          )}
                        </li>
                      );
                    })}
                  </ul>
                ),
              },
              { key: 'detail', header: t('detail'), cell: (b) => <BreachFigures breach={b} /> },
            ]}
          />
        </Card>
      )}
      <Card>
        <DataTable
          rows={data?.rules ?? []}
          rowKey={(r) => r}
          empty={t('checking')}
          columns={[
            { key: 'rule', header: t('rule'), cell: (r) => ruleName(r) },
            {
              key: 'state',
              header: '',
              className: 'text-right',
              cell: (r) => (countOf(r) === 0 ? <Badge tone="green">{t('ok')}</Badge> : <Badge tone="red">{t('failed', { count: countOf(r) })}</Badge>),
            },
          ]}
        />
      </Card>
    </div>
  );
}
