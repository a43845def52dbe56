import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { fenToYuanNumber } from '@/lib/money';
import type { Cell, ColumnType, ExportDocument } from './document';

const NUM_FMT: Partial<Record<ColumnType, string>> = {
  money: '#,##0.00',
  integer: '0',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};
const WIDTH: Record<ColumnType, number> = { text: 18, money: 14, integer: 10, datetime: 20 };

/** Excel's times have no zone: write China's wall-clock time, what the portals show. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

function value(cell: Cell, type: ColumnType): ExcelJS.CellValue {
  if (cell === null) return null;
  if (type === 'money') return fenToYuanNumber(cell as number);
  if (cell instanceof Date) return new Date(cell.getTime() + SHANGHAI_OFFSET_MS);
  return cell;
}

/** Bytes waiting in the output before the writer stops asking the database for more rows. */
const OUTPUT_HIGH_WATER = 1 << 20;

/**
 * The document as an .xlsx file, written by exceljs's streaming WorkbookWriter into `out`
 * as the rows arrive: each row is committed (its XML leaves the worksheet), and the next
 * batch is read only once the consumer has taken what was written, so a slow download never
 * piles the whole table up in memory. Shared strings are off for the same reason (the
 * shared-strings table would hold every distinct text until the end). A failure destroys
 * the stream, so the download ends broken rather than silently short.
 */
export function writeXlsx(doc: ExportDocument, out: PassThrough): void {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const roomInOutput = async () => {
    // Let archiver compress what was committed, then wait while the reader is behind.
    await new Promise((r) => setImmediate(r));
    while (!out.destroyed && out.readableLength + out.writableLength > OUTPUT_HIGH_WATER) {
      await Promise.race([once(out, 'drain'), once(out, 'close'), new Promise((r) => setTimeout(r, 50))]);
    }
  };
  (async () => {
    for (const sheet of doc.sheets) {
      const ws = workbook.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = sheet.columns.map((c, i) => ({ key: String(i), header: c.header, width: c.width ?? WIDTH[c.type] }));
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      for await (const batch of sheet.batches) {
        if (out.destroyed) return; // the download was abandoned: stop reading the database
        for (const cells of batch) {
          const row = ws.addRow(cells.map((cell, i) => value(cell, sheet.columns[i].type)));
          sheet.columns.forEach((c, i) => {
            const fmt = NUM_FMT[c.type];
            if (fmt && cells[i] !== null) row.getCell(i + 1).numFmt = fmt;
          });
          row.commit();
        }
        await roomInOutput();
      }
      ws.commit();
    }
    await workbook.commit();
  })().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
}
