'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { DataTable } from '@/components/ui/table';
import { useTRPC } from '@/lib/trpc/client';

const TEMPLATE = '\uFEFF货号,标题,类目,品牌,库存,起售数,成本价,供货价,运费,状态,属性,主图,详情图\r\nSKU-001,示例商品,食品饮料/休闲零食,良品优选,100,1,5.00,10.00,0,在售,规格=30包,,\r\n';

/**
 * CSV import of platform products: check first (nothing written), then import. Every
 * problem is listed with its line and column; a file with any problem imports nothing.
 */
export function CsvImport({ onImported }: { onImported: () => void }) {
  const t = useTranslations('catalog.csv');
  const trpc = useTRPC();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const run = useMutation(trpc.admin.products.importCsv.mutationOptions({ onSuccess: (r) => r.ok && !r.dryRun && onImported() }));
  const result = run.data;
  const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`;

  return (
    <Card title={t('title')} actions={<a href={templateHref} download="products-template.csv" className="text-sm text-brand-700 hover:underline">{t('template')}</a>}>
      <div className="flex flex-col gap-3">
        <p className="text-sm text-slate-600">{t('intro')}</p>
        <div className="flex flex-wrap items-center gap-2">
          <input
            ref={input}
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            aria-label={t('file')}
            className="sr-only"
            onChange={async (e) => {
              const chosen = e.target.files?.[0];
              e.target.value = '';
              run.reset();
              setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
            }}
          />
          <Button variant="secondary" onClick={() => input.current?.click()}>
            {t('chooseFile')}
          </Button>
          <span className="text-sm text-slate-600" data-testid="csv-file-name">
            {file ? file.name : t('noFile')}
          </span>
          <Button variant="secondary" disabled={!file || run.isPending} onClick={() => file && run.mutate({ csv: file.text, dryRun: true })}>
            {t('check')}
          </Button>
          <Button disabled={!file || run.isPending} onClick={() => file && run.mutate({ csv: file.text, dryRun: false })}>
            {t('import')}
          </Button>
          {run.isPending && (
            <span className="flex items-center gap-2 text-sm text-slate-600" role="status">
              <span className="h-3 w-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" />
              {t('working', { name: file?.name ?? '' })}
            </span>
          )}
        </div>
        <ErrorMessage error={run.error} />
        {result && result.ok && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
            {result.dryRun ? t('checked', { rows: result.rows, created: result.created, updated: result.updated }) : t('imported', { created: result.created, updated: result.updated })}
          </p>
        )}
        {result && !result.ok && (
          <>
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
              {t('failed', { count: result.errors.length, rows: result.rows })}
            </p>
            <DataTable
              rows={result.errors.slice(0, 500)}
              rowKey={(e) => `${e.line}:${e.column}:${e.code}`}
              empty=""
              columns={[
                { key: 'line', header: t('line'), cell: (e) => e.line, className: 'tabular-nums' },
                { key: 'column', header: t('column'), cell: (e) => (e.column ? t(`columns.${e.column}`) : '—') },
                { key: 'problem', header: t('problem'), cell: (e) => (t.has(`errors.${e.code}`) ? t(`errors.${e.code}`) : e.message) },
                { key: 'value', header: t('value'), cell: (e) => <span className="font-mono text-xs">{e.value}</span> },
              ]}
            />
          </>
        )}
      </div>
    </Card>
  );
}
