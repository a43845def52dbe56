import Papa from 'papaparse';

/**
 * Downloads rows as a CSV file in the browser. A UTF-8 byte-order mark goes first so that
 * Excel, which many merchants open CSVs with, reads the Chinese text correctly.
 */
export function downloadCsv(filename: string, rows: Record<string, unknown>[]) {
  const text = '\uFEFF' + Papa.unparse(rows);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
