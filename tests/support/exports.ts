import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Ctx } from '@/server/domain/context';
import { prepareExport } from '@/server/domain/exports/registry';
import type { ExportLocale } from '@/server/domain/exports/texts';
import { exportStream } from '@/server/exports/response';

/** What the route handler sends for this export, as bytes: the real domain verb and writer. */
export async function exportBytes(ctx: Ctx, name: string, params: Record<string, string | number> = {}, opts: { format?: 'csv' | 'xlsx'; locale?: ExportLocale } = {}) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  query.set('format', opts.format ?? 'csv');
  const { doc, format } = await prepareExport(ctx, name, query, opts.locale ?? 'zh-CN');
  return { filename: `${doc.filename}.${format}`, bytes: Buffer.from(await new Response(exportStream(doc, format)).arrayBuffer()) };
}

/** A CSV export's sheets (separated by a blank line), each as rows of cells; the BOM is checked. */
export function csvSheets(bytes: Buffer): string[][][] {
  const text = bytes.toString('utf8');
  if (text.charCodeAt(0) !== 0xfeff) throw new Error('The CSV does not start with a byte-order mark');
  const rows = Papa.parse<string[]>(text.slice(1)).data;
  const sheets: string[][][] = [[]];
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') sheets.push([]);
    else sheets.at(-1)!.push(row);
  }
  return sheets.filter((s) => s.length > 0);
}

export type XlsxSheet = { name: string; rows: ExcelJS.CellValue[][]; numFmt(row: number, col: number): string | undefined };

/** An .xlsx export opened with exceljs's reader, each sheet's rows as arrays of cell values. */
export async function xlsxSheets(bytes: Buffer): Promise<XlsxSheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((ws) => {
    const rows: ExcelJS.CellValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as ExcelJS.CellValue[];
      rows.push(Array.from({ length: ws.columnCount }, (_, i) => values[i + 1] ?? null));
    });
    return { name: ws.name, rows, numFmt: (r, c) => ws.getRow(r + 1).getCell(c + 1).numFmt };
  });
}

/** A yuan amount from a spreadsheet cell back in fen (exact for any real amount). */
export const fenOf = (cell: unknown) => Math.round(Number(cell) * 100);
