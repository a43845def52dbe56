import { DomainError } from '@/server/domain/errors';

/** Bodies over 1 MiB are refused with 413 before anything else is done with them. */
export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () => new DomainError('PAYLOAD_TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES} bytes`, { maxBytes: MAX_BODY_BYTES });

/**
 * Bodies our own HTTP server has already read off the socket (open-api/direct.ts, within
 * the same limit), by request: handed over as they are rather than through a stream.
 */
export const bodiesReadByServer = new WeakMap<Request, Buffer>();

/**
 * Reads the raw body bytes (they are signed byte for byte), stopping as soon as it passes
 * the limit, so an endless body costs us at most 1 MiB of memory.
 */
export async function readBodyWithLimit(request: Request): Promise<Buffer> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  const readByServer = bodiesReadByServer.get(request);
  if (readByServer) {
    if (readByServer.length > MAX_BODY_BYTES) throw tooLarge();
    return readByServer;
  }
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
