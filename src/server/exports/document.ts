/**
 * What an export is, apart from its file format: sheets of typed columns whose rows come in
 * batches, read lazily from the database while the file is written. Money cells are integer
 * fen; each writer turns them into what its format shows (CSV "80.00", an xlsx number with
 * two decimals). Times are instants, written as China's wall-clock time.
 */

export type ColumnType = 'text' | 'money' | 'integer' | 'datetime';

export type ExportColumn = { header: string; type: ColumnType; width?: number };

export type Cell = string | number | Date | null;

export type ExportSheet = {
  name: string;
  columns: ExportColumn[];
  /** Rows in batches: the writer asks for the next batch only when the previous one is written. */
  batches: AsyncIterable<Cell[][]>;
};

export type ExportDocument = {
  /** The file name without its extension (ASCII: it goes into a header). */
  filename: string;
  sheets: ExportSheet[];
};

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A sheet whose rows are known already (a summary, a few lines). */
export function fixedSheet(name: string, columns: ExportColumn[], rows: Cell[][]): ExportSheet {
  return {
    name,
    columns,
    batches: (async function* () {
      if (rows.length) yield rows;
    })(),
  };
}

const wallClock = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "2026-11-10 12:00:05" in China time: how the portals and both export formats write an instant. */
export function shanghaiDateTime(d: Date): string {
  return wallClock.format(d);
}
