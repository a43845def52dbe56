import Papa from 'papaparse';

/**
 * Downloads rows as a CSV file in the browser. A UTF-8 byte-order mark goes first so that
 * Excel, which many merchants open CSVs with, reads the Chinese text correctly.
 */
export function downloadCsv(filename: string, rows: Record<string, unknown>[]) {
  downloadText(filename, '\uFEFF' + Papa.unparse(rows));
}

/** Saves text the server prepared (e.g. a CSV export, BOM included) as a file the browser downloads. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
