'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState, type ReactNode } from 'react';
import { downloadCsv } from '@/lib/csv';
import { Button } from './button';
import { ErrorMessage } from './error-message';
import { ExportLinks } from './export-links';
import { FilterBar } from './filter-bar';
import { Pagination } from './pagination';
import { DataTable, type Column, type RowExtras } from './table';
import type { ListFilters } from './use-list-filters';

/** A column of a list page: a table column, optionally sortable (`sort`: the query's sort key) and exported (`csv`). */
export type ListColumn<Row, S extends string = string> = Column<Row> & {
  sort?: S;
  /** The column's value in the CSV export (plain text or a number; money as yuan with two decimals). */
  csv?: (row: Row) => string | number;
  /** The column's CSV heading, when the table's header is not plain text. */
  csvHeader?: string;
  /** In the CSV export only, not in the table (what the table shows inside another column). */
  exportOnly?: boolean;
};

type Page<Row> = { rows: Row[]; total: number };

/**
 * An action on the selected rows (上架, 下架…). It runs after a confirmation, in slices of
 * `slice` ids, with a progress bar; `run` answers how many of a slice changed and how many
 * were left as they were (e.g. already on sale).
 */
export type BulkAction<Key> = {
  key: string;
  label: string;
  tone?: 'primary' | 'danger';
  slice?: number;
  run: (ids: Key[]) => Promise<{ changed: number; skipped: number }>;
};

type Export<Row> =
  /** A server route that streams the whole filtered list (large lists). */
  | { href: string }
  /** An export of the registry (src/server/domain/exports), as CSV and Excel, with the applied filters. */
  | { name: string; params: Record<string, string | number | boolean | undefined | null> }
  /** The list read page by page through the same query, written as CSV in the browser. */
  | { filename: string; fetchPage: (page: number, pageSize: number) => Promise<Page<Row>> };

const EXPORT_PAGE = 100;
const EXPORT_MAX = 20_000;

/**
 * The list page of every portal: filters (kept in the address by `useListFilters(…, { url:
 * true })`), the table with sortable headers, loading and empty states, paging done by the
 * server, a CSV export of everything the filters match, and bulk actions on selected rows
 * with a confirmation and progress. `above` and `below` hold what a page adds (a chart, an
 * import form).
 */
export function ListPage<Row, Key extends string | number = string | number, S extends string = string>({
  list,
  query,
  columns,
  rowKey,
  rowLabel,
  filters,
  empty,
  pageSize = 20,
  exporter,
  bulk,
  onBulkDone,
  above,
  below,
  error,
  rowAttributes,
  detail,
}: RowExtras<Row> & {
  list: ListFilters<object, S>;
  query: { data?: Page<Row>; isLoading: boolean; error: unknown };
  columns: ListColumn<Row, S>[];
  rowKey: (row: Row) => Key;
  /** How a row is named to screen readers in its selection checkbox. */
  rowLabel?: (row: Row) => string;
  /** The fields of the filter bar; Search and Reset come with it. */
  filters?: ReactNode;
  empty: ReactNode;
  pageSize?: number;
  exporter?: Export<Row>;
  bulk?: BulkAction<Key>[];
  /** After a bulk action has run (to refresh the list). */
  onBulkDone?: () => void;
  above?: ReactNode;
  below?: ReactNode;
  /** Another error to show above the table (a mutation's). */
  error?: unknown;
}) {
  const t = useTranslations('ui.list');
  const [selected, setSelected] = useState<Set<Key>>(new Set());
  const rows = query.data?.rows ?? [];
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(rowKey(r)));

  const tableColumns: Column<Row>[] = columns.filter((c) => !c.exportOnly).map((c) => (c.sort ? { ...c, header: <SortHeader column={c} list={list} /> } : c));
  if (bulk?.length) {
    tableColumns.unshift({
      key: '__select',
      header: (
        <input
          type="checkbox"
          aria-label={t('selectPage')}
          checked={allOnPage}
          onChange={() => setSelected(allOnPage ? new Set() : new Set(rows.map(rowKey)))}
        />
      ),
      cell: (row) => (
        <input
          type="checkbox"
          aria-label={t('selectRow', { name: rowLabel?.(row) ?? String(rowKey(row)) })}
          checked={selected.has(rowKey(row))}
          onChange={() => {
            const next = new Set(selected);
            if (next.has(rowKey(row))) next.delete(rowKey(row));
            else next.add(rowKey(row));
            setSelected(next);
          }}
        />
      ),
    });
  }

  return (
    <div className="flex flex-col gap-4">
      {above}
      {(filters || exporter) && (
        <div className="flex flex-col gap-2">
          {filters && (
            <FilterBar
              onApply={() => {
                list.apply();
                setSelected(new Set());
              }}
              onReset={() => {
                list.reset();
                setSelected(new Set());
              }}
            >
              {filters}
            </FilterBar>
          )}
          {exporter && <ExportButton exporter={exporter} columns={columns} />}
        </div>
      )}
      {bulk?.length ? (
        <BulkBar
          actions={bulk}
          selected={[...selected]}
          onDone={() => {
            setSelected(new Set());
            onBulkDone?.();
          }}
        />
      ) : null}
      <ErrorMessage error={query.error ?? error} />
      <div aria-busy={query.isLoading}>
        <DataTable
          rows={rows}
          rowKey={rowKey}
          empty={query.isLoading ? <span role="status">{t('loading')}</span> : empty}
          columns={tableColumns}
          rowAttributes={rowAttributes}
          detail={detail}
        />
      </div>
      <Pagination
        page={list.page}
        pageSize={pageSize}
        total={query.data?.total ?? 0}
        onPage={(page) => {
          list.setPage(page);
          setSelected(new Set());
        }}
      />
      {below}
    </div>
  );
}

/** A column header that sorts the list by it: first descending (newest, largest), then ascending. */
function SortHeader<Row, S extends string>({ column, list }: { column: ListColumn<Row, S>; list: ListFilters<object, S> }) {
  const t = useTranslations('ui.list');
  const active = list.sort?.by === column.sort;
  const dir = active ? list.sort!.dir : undefined;
  return (
    // The name holds the header as a separate word (按「下单时间」排序): screen-reader users and
    // voice control find the button by what it shows; 按下单时间排序 reads as 按下|单|时间.
    <button
      type="button"
      className="inline-flex items-center gap-1 font-semibold hover:text-brand-700"
      aria-label={`${t('sortBy', { column: typeof column.header === 'string' ? column.header : (column.csvHeader ?? column.key) })}${dir ? `（${t(dir === 'asc' ? 'sortedAsc' : 'sortedDesc')}）` : ''}`}
      onClick={() => list.setSort({ by: column.sort!, dir: active && dir === 'desc' ? 'asc' : 'desc' })}
    >
      {column.header}
      <span aria-hidden="true" className={active ? 'text-brand-700' : 'text-slate-400'}>
        {dir === 'asc' ? '↑' : dir === 'desc' ? '↓' : '↕'}
      </span>
    </button>
  );
}

function ExportButton<Row>({ exporter, columns }: { exporter: Export<Row>; columns: ListColumn<Row>[] }) {
  const t = useTranslations('ui.list');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  if ('name' in exporter) {
    const params = Object.fromEntries(Object.entries(exporter.params).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]));
    return (
      <div className="flex justify-end">
        <ExportLinks name={exporter.name} params={params} />
      </div>
    );
  }
  if ('href' in exporter) {
    return (
      <div className="flex justify-end">
        <a href={exporter.href} download className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          {t('export')}
        </a>
      </div>
    );
  }
  const exported = columns.filter((c) => c.csv);
  async function run(ex: Extract<Export<Row>, { filename: string }>) {
    setProblem(null);
    const out: Record<string, unknown>[] = [];
    try {
      for (let page = 1; ; page++) {
        const { rows, total } = await ex.fetchPage(page, EXPORT_PAGE);
        const limit = Math.min(total, EXPORT_MAX);
        for (const row of rows) out.push(Object.fromEntries(exported.map((c) => [c.csvHeader ?? String(c.header), c.csv!(row)])));
        setProgress({ done: Math.min(out.length, limit), total: limit });
        if (rows.length < EXPORT_PAGE || out.length >= limit) break;
      }
      downloadCsv(ex.filename, out.slice(0, EXPORT_MAX));
    } catch (error) {
      setProblem(error);
    } finally {
      setProgress(null);
    }
  }
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {progress && (
        <span role="status" className="text-sm text-slate-600">
          <progress className="mr-2 align-middle" value={progress.done} max={progress.total || 1} aria-label={t('export')} />
          {t('progress', progress)}
        </span>
      )}
      <Button variant="secondary" disabled={progress !== null} onClick={() => void run(exporter)}>
        {t('export')}
      </Button>
      <ErrorMessage error={problem} />
    </div>
  );
}

type Outcome = { running: boolean; done: number; total: number; changed: number; skipped: number; failed: unknown };

/**
 * The bar over the table while rows are selected: the count, one button per action, and the
 * confirmation dialog (a native modal <dialog>: focus moves into it, Escape cancels, and
 * focus returns to the button that opened it) that then shows the progress and the result.
 */
function BulkBar<Key>({ actions, selected, onDone }: { actions: BulkAction<Key>[]; selected: Key[]; onDone: () => void }) {
  const t = useTranslations('ui.list');
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const stop = useRef(false);
  const [action, setAction] = useState<BulkAction<Key> | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  function open(a: BulkAction<Key>, button: HTMLButtonElement) {
    opener.current = button;
    setAction(a);
    setOutcome(null);
    dialog.current?.showModal();
  }
  function close() {
    dialog.current?.close();
  }
  async function run(a: BulkAction<Key>) {
    const ids = [...selected];
    const slice = a.slice ?? 100;
    stop.current = false;
    const state: Outcome = { running: true, done: 0, total: ids.length, changed: 0, skipped: 0, failed: null };
    setOutcome({ ...state });
    for (let start = 0; start < ids.length && !stop.current; start += slice) {
      try {
        const r = await a.run(ids.slice(start, start + slice));
        state.changed += r.changed;
        state.skipped += r.skipped;
      } catch (error) {
        state.failed = error;
        break;
      }
      state.done = Math.min(start + slice, ids.length);
      setOutcome({ ...state });
    }
    setOutcome({ ...state, running: false });
    onDone();
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-600">{t('selected', { count: selected.length })}</span>
      {actions.map((a) => (
        // aria-disabled, not disabled: the button keeps focus when the dialog gives it back
        // after the run has cleared the selection.
        <Button
          key={a.key}
          size="sm"
          variant="secondary"
          aria-disabled={selected.length === 0}
          className={selected.length === 0 ? 'cursor-not-allowed opacity-60' : ''}
          onClick={(e) => selected.length > 0 && open(a, e.currentTarget)}
        >
          {a.label}
        </Button>
      ))}
      <dialog
        ref={dialog}
        aria-labelledby="bulk-dialog-title"
        className="m-auto w-[28rem] max-w-[90vw] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
        onClose={() => {
          stop.current = true;
          opener.current?.focus();
        }}
        // The page behind a modal dialog is inert, but Tab past its last button would leave
        // for the browser's own controls: it goes round the dialog's buttons instead.
        onKeyDown={(e) => {
          if (e.key !== 'Tab') return;
          const ring = [...e.currentTarget.querySelectorAll<HTMLElement>('button:not([disabled]), a[href], input:not([disabled])')];
          if (ring.length === 0) return;
          const at = ring.indexOf(document.activeElement as HTMLElement);
          e.preventDefault();
          ring[(at + (e.shiftKey ? -1 : 1) + ring.length) % ring.length].focus();
        }}
      >
        {action && (
          <div className="flex flex-col gap-3 p-5">
            <h2 id="bulk-dialog-title" className="text-base font-semibold text-slate-900">
              {t('confirmTitle', { action: action.label })}
            </h2>
            {!outcome && <p className="text-sm text-slate-700">{t('confirmBody', { count: selected.length, action: action.label })}</p>}
            {outcome && (
              <div role="status" className="flex flex-col gap-2 text-sm text-slate-700">
                <progress value={outcome.done} max={outcome.total || 1} aria-label={action.label} className="w-full" />
                <span>
                  {outcome.running
                    ? t('progress', { done: outcome.done, total: outcome.total })
                    : outcome.failed
                      ? t('failed', { succeeded: outcome.changed })
                      : t('finished', { succeeded: outcome.changed, skipped: outcome.skipped })}
                </span>
                <ErrorMessage error={outcome.failed} />
              </div>
            )}
            <div className="flex justify-end gap-2">
              {!outcome && (
                <>
                  <Button variant="secondary" onClick={close}>
                    {t('cancel')}
                  </Button>
                  <Button variant={action.tone === 'danger' ? 'danger' : 'primary'} onClick={() => void run(action)} autoFocus>
                    {t('confirm')}
                  </Button>
                </>
              )}
              {outcome?.running && (
                <Button variant="secondary" onClick={() => (stop.current = true)}>
                  {t('stop')}
                </Button>
              )}
              {outcome && !outcome.running && <Button onClick={close}>{t('close')}</Button>}
            </div>
          </div>
        )}
      </dialog>
    </div>
  );
}
