'use client';

import Papa from 'papaparse';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/table';
import { downloadCsv } from '@/lib/csv';
import type { ShipmentRowResult } from '@/server/domain/orders/ship';

type Row = { line: number; orderNo: string; carrier: string; trackingNo: string };

/** The server ships at most this many rows per call; the page sends a file slice by slice and shows how far it got. */
const SLICE = 50;
const MAX_ROWS = 5000;
const TEMPLATE = '\uFEFF订单号,快递公司,快递单号\r\nSO2026113000000042,顺丰,SF1234567890\r\nSO2026113000000043,其他:德邦,DPK0000001\r\n';

/** Reads the file's rows: order number, carrier, tracking number; a first line that names the columns is skipped. */
export function readShipmentCsv(text: string): Row[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data.map((cells, i) => ({ line: i + 1, orderNo: (cells[0] ?? '').trim(), carrier: (cells[1] ?? '').trim(), trackingNo: (cells[2] ?? '').trim() }));
  if (rows.length && /订单|order/i.test(rows[0].orderNo)) rows.shift();
  return rows;
}

/**
 * Bulk shipping from a CSV. The file is read in the browser and sent in slices of 50 rows,
 * each row shipped on its own by the server; a progress bar shows how far it got, and
 * every row's result is listed (failed rows first) and can be downloaded.
 */
export function CsvShipping({ shipSlice, onShipped }: { shipSlice: (rows: Row[]) => Promise<ShipmentRowResult[]>; onShipped: () => void }) {
  const t = useTranslations('orders.csv');
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; rows: Row[] } | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<ShipmentRowResult[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const running = progress !== null && progress.done < progress.total && !problem;

  async function run() {
    if (!file) return;
    if (file.rows.length === 0) return setProblem(t('empty'));
    if (file.rows.length > MAX_ROWS) return setProblem(t('tooMany', { max: MAX_ROWS }));
    setProblem(null);
    setResults([]);
    setProgress({ done: 0, total: file.rows.length });
    const collected: ShipmentRowResult[] = [];
    for (let start = 0; start < file.rows.length; start += SLICE) {
      try {
        collected.push(...(await shipSlice(file.rows.slice(start, start + SLICE))));
      } catch (error) {
        setProblem(t('stopped', { message: error instanceof Error ? error.message : String(error) }));
        break;
      }
      setResults([...collected]);
      setProgress({ done: Math.min(start + SLICE, file.rows.length), total: file.rows.length });
    }
    onShipped();
  }

  function describe(r: ShipmentRowResult) {
    if (r.outcome !== 'failed') return '';
    if (r.field && t.has(`errors.${r.field}`)) return t(`errors.${r.field}`);
    if (r.code && t.has(`errors.${r.code}`)) return t(`errors.${r.code}`);
    return r.message ?? '';
  }

  const count = (o: ShipmentRowResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const finished = progress !== null && progress.done === progress.total;
  const shown = [...results].sort((a, b) => Number(b.outcome === 'failed') - Number(a.outcome === 'failed') || a.line - b.line).slice(0, 500);
  const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`;

  return (
    <Card title={t('title')} actions={<a href={templateHref} download="shipping-template.csv" className="text-sm text-brand-700 hover:underline">{t('template')}</a>}>
      <div className="flex flex-col gap-3" data-testid="csv-shipping">
        <p className="text-sm text-slate-600">{t('intro')}</p>
        <div className="flex flex-wrap items-center gap-2">
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv"
            aria-label={t('file')}
            className="sr-only"
            onChange={async (e) => {
              const chosen = e.target.files?.[0];
              e.target.value = '';
              setProgress(null);
              setResults([]);
              setProblem(null);
              setFile(chosen ? { name: chosen.name, rows: readShipmentCsv(await chosen.text()) } : null);
            }}
          />
          <Button variant="secondary" onClick={() => input.current?.click()} disabled={running}>
            {t('chooseFile')}
          </Button>
          <span className="text-sm text-slate-600" data-testid="csv-file-name">
            {file ? `${file.name}（${file.rows.length}）` : t('noFile')}
          </span>
          <Button disabled={!file || running} onClick={() => void run()}>
            {t('start')}
          </Button>
          {finished && results.length > 0 && (
            <Button
              variant="ghost"
              onClick={() =>
                downloadCsv(
                  'shipping-results.csv',
                  results.map((r) => ({ [t('line')]: r.line, [t('orderNo')]: r.orderNo, [t('outcome')]: t(`outcomes.${r.outcome}`), [t('problem')]: describe(r) })),
                )
              }
            >
              {t('downloadResults')}
            </Button>
          )}
        </div>
        {progress && (
          <div role="status" aria-live="polite" className="flex flex-col gap-1">
            <div className="h-2 w-full overflow-hidden rounded bg-slate-100">
              <div className="h-full bg-brand-600 transition-all" style={{ width: `${(progress.done / Math.max(1, progress.total)) * 100}%` }} />
            </div>
            <span className="text-sm text-slate-600" data-testid="csv-progress">
              {finished ? t('finished', { shipped: count('shipped'), already: count('already_shipped'), failed: count('failed') }) : t('progress', progress)}
            </span>
          </div>
        )}
        {problem && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {problem}
          </p>
        )}
        {results.length > 0 && (
          <DataTable
            rows={shown}
            rowKey={(r) => r.line}
            empty=""
            columns={[
              { key: 'line', header: t('line'), cell: (r) => r.line, className: 'tabular-nums' },
              { key: 'orderNo', header: t('orderNo'), cell: (r) => <span className="font-mono text-xs">{r.orderNo}</span> },
              {
                key: 'outcome',
                header: t('outcome'),
                cell: (r) => <span className={r.outcome === 'failed' ? 'text-red-700' : 'text-emerald-700'}>{t(`outcomes.${r.outcome}`)}</span>,
              },
              { key: 'problem', header: t('problem'), cell: (r) => describe(r) },
            ]}
          />
        )}
      </div>
    </Card>
  );
}
