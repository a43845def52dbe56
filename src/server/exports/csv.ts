import Papa from 'papaparse';
import { formatFen } from '@/lib/money';
import { type Cell, type ColumnType, type ExportDocument, shanghaiDateTime } from './document';

/** A cell a spreadsheet would run as a formula is written as text; negative amounts stay numbers. */
const FORMULA = /^([=+@\t\r]|-(?!\d))/;

function text(cell: Cell, type: ColumnType): string {
  if (cell === null) return '';
  if (type === 'money') return formatFen(cell as number, { grouping: false });
  if (cell instanceof Date) return shanghaiDateTime(cell);
  return String(cell);
}

/**
 * The document as CSV, chunk by chunk: UTF-8 with a byte-order mark first, so that Excel
 * (which many finance people open CSVs with) reads the Chinese. Several sheets follow one
 * another, a blank line between them.
 */
export async function* csvChunks(doc: ExportDocument): AsyncGenerator<string> {
  yield '\uFEFF';
  for (const [i, sheet] of doc.sheets.entries()) {
    const unparse = (rows: string[][]) => Papa.unparse(rows, { escapeFormulae: FORMULA }) + '\r\n';
    yield (i > 0 ? '\r\n' : '') + unparse([sheet.columns.map((c) => c.header)]);
    for await (const batch of sheet.batches) {
      yield unparse(batch.map((row) => row.map((cell, j) => text(cell, sheet.columns[j].type))));
    }
  }
}
