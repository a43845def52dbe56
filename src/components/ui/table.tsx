import { Fragment, type ReactNode } from 'react';

export type Column<T> = { key: string; header: ReactNode; cell: (row: T) => ReactNode; className?: string };

/** What a table may add to its rows: attributes of a row (for tests: data-testid), and a row's details opened under it. */
export type RowExtras<T> = {
  rowAttributes?: (row: T) => Record<`data-${string}`, string | number>;
  /** Shown in a full-width row under the row when not null (a row's history opened on demand). */
  detail?: (row: T) => ReactNode | null;
};

/** A plain data table; paging and filters live with the page that owns the query. */
export function DataTable<T>({ columns, rows, rowKey, empty, rowAttributes, detail }: { columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string | number; empty: ReactNode } & RowExtras<T>) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`px-3 py-2 text-left text-xs font-semibold text-slate-600 ${c.className ?? ''}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-8 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => {
              const more = detail?.(row) ?? null;
              return (
                <Fragment key={rowKey(row)}>
                  <tr className="hover:bg-slate-50" {...rowAttributes?.(row)}>
                    {columns.map((c) => (
                      <td key={c.key} className={`px-3 py-2 align-middle ${c.className ?? ''}`}>
                        {c.cell(row)}
                      </td>
                    ))}
                  </tr>
                  {more !== null && (
                    <tr>
                      <td colSpan={columns.length} className="bg-slate-50 px-3 py-2">
                        {more}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
