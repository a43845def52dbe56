import { PassThrough, Readable } from 'node:stream';
import { csvChunks } from './csv';
import type { ExportDocument, ExportFormat } from './document';
import { writeXlsx } from './xlsx';

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The bytes of the document in a format, as a web stream that is written while it is read. */
export function exportStream(doc: ExportDocument, format: ExportFormat): ReadableStream<Uint8Array> {
  if (format === 'xlsx') {
    const out = new PassThrough({ highWaterMark: 256 * 1024 });
    writeXlsx(doc, out);
    return Readable.toWeb(out) as ReadableStream<Uint8Array>;
  }
  const chunks = csvChunks(doc);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** The download: streamed, never cached, named `<filename>.<format>`. */
export function exportResponse(doc: ExportDocument, format: ExportFormat): Response {
  return new Response(exportStream(doc, format), {
    headers: {
      'Content-Type': CONTENT_TYPE[format],
      'Content-Disposition': `attachment; filename="${doc.filename}.${format}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
