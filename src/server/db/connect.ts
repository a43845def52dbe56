import net from 'node:net';
import postgres from 'postgres';

/**
 * Opens a postgres.js client. Understands libpq's way of naming a Unix socket in a URL,
 * `postgres://user:pw@localhost:5432/db?host=/socket/dir` (postgres.js itself does not):
 * the embedded server is reached that way, skipping loopback TCP, whose writes are the
 * dearest part of a query on these machines. Such a socket is read in whole messages
 * (`wholeMessageSocket`).
 */
export function connectPostgres(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  if (socketDir?.startsWith('/')) {
    parsed.searchParams.delete('host');
    const port = parsed.port || '5432';
    const path = `${socketDir}/.s.PGSQL.${port}`;
    // postgres.js negotiates TLS on a socket it opened itself only: asked for, it gets the path.
    const tls = options.ssl || parsed.searchParams.has('sslmode') || parsed.searchParams.has('ssl');
    // `socket`: postgres.js's own option for a socket made by the caller (not in its types).
    return postgres(parsed.toString(), tls ? { ...options, path } : ({ ...options, socket: () => wholeMessageSocket(path) } as typeof options));
  }
  return postgres(url, options);
}

/** The bytes read from a socket at a time, into one buffer per connection. */
const READ_SIZE = 64 * 1024;

/**
 * Large messages (a full-sync page is one of about 211 kB) are read into buffers used again
 * once their reader gives them back (`returnMessageBuffer`): each new buffer is memory
 * outside the JS heap, which V8 counts towards its next full collection of the app's heap
 * (~90 MB, 30-50 ms of marking each). Allocated anew for every page, they started one
 * every 40-50 pages during full syncs (BENCHMARKS.md, full sync). A buffer nobody gives back
 * is simply left to the garbage collector, as before.
 */
const POOLED_FROM = READ_SIZE;
const POOLED_UP_TO = 1024 * 1024;
const POOL_SIZE = 8;
const freeBuffers: ArrayBuffer[] = [];
/** The buffers out with a reader: only these are taken back, and each once. */
const lentBuffers = new WeakSet<ArrayBuffer>();

/** A buffer for one message of `size` bytes: a free one from the pool for a large message, else a new one. */
function messageBuffer(size: number): Buffer {
  if (size < POOLED_FROM || size > POOLED_UP_TO) return Buffer.allocUnsafe(size);
  const free = freeBuffers.findIndex((buffer) => buffer.byteLength >= size);
  // Rounded up to a read's size, so that a buffer serves the next pages too, whose sizes vary a little.
  const backing = free >= 0 ? freeBuffers.splice(free, 1)[0] : Buffer.allocUnsafeSlow(Math.ceil(size / READ_SIZE) * READ_SIZE).buffer;
  lentBuffers.add(backing);
  return Buffer.from(backing, 0, size);
}

/**
 * Gives back the buffer that `bytes` (a value read raw, or any view of it) lies in, once
 * nothing will read those bytes again: the next large message may be written over them. A
 * view of any other memory, or of a buffer given back already, is ignored.
 */
export function returnMessageBuffer(bytes: Uint8Array): void {
  const backing = bytes.buffer as ArrayBuffer;
  if (!lentBuffers.delete(backing)) return;
  if (freeBuffers.length < POOL_SIZE) freeBuffers.push(backing);
}

/**
 * A connection to PostgreSQL's Unix socket that hands postgres.js whole protocol messages,
 * each run of them in one buffer of its own (a large message in one from the pool above),
 * read through one buffer kept for the connection (net's `onread`).
 *
 * Why: a full-sync page is one message of about 211 kB (catalog.ts). Read the usual way,
 * it came in 5-6 buffers of up to 64 kB, one allocated per read, which postgres.js then
 * joined into another of 211 kB: some 430 kB of memory outside the JS heap per page, whose
 * total starts V8's collections (BENCHMARKS.md, full sync). Read here, a page takes one
 * buffer, the pool's once the pages before it are written out, the copies the same (socket
 * to read buffer to message, where it was socket to chunk to joined message).
 *
 * Messages are framed as PostgreSQL frames them (a type byte, then a 4-byte length that
 * counts itself and the body): postgres.js reads exactly the same bytes, in the same order.
 */
export function wholeMessageSocket(path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const read = Buffer.allocUnsafe(READ_SIZE);
    const head = Buffer.allocUnsafe(5);
    let headFilled = 0;
    // The message being gathered across reads, and how much of it has come.
    let message: Buffer | null = null;
    let filled = 0;
    const socket = net.connect({
      path,
      onread: {
        buffer: read,
        callback(size: number, buffer: Uint8Array) {
          const bytes = buffer === read ? read : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
          const out: Buffer[] = [];
          let at = 0;
          while (at < size) {
            if (message) {
              const take = Math.min(message.length - filled, size - at);
              bytes.copy(message, filled, at, at + take);
              filled += take;
              at += take;
              if (filled === message.length) {
                out.push(message);
                message = null;
              }
            } else if (headFilled > 0 || size - at < 5) {
              // A message's head split between two reads.
              const take = Math.min(5 - headFilled, size - at);
              bytes.copy(head, headFilled, at, at + take);
              headFilled += take;
              at += take;
              if (headFilled === 5) {
                message = messageBuffer(1 + head.readUInt32BE(1));
                head.copy(message, 0, 0, 5);
                filled = 5;
                headFilled = 0;
                if (filled === message.length) {
                  out.push(message);
                  message = null;
                }
              }
            } else {
              // The whole messages in this read, copied out together; then the start of the next one.
              let end = at;
              while (size - end >= 5 && size - end >= 1 + bytes.readUInt32BE(end + 1)) end += 1 + bytes.readUInt32BE(end + 1);
              if (end > at) {
                out.push(Buffer.from(bytes.subarray(at, end)));
                at = end;
              } else {
                message = messageBuffer(1 + bytes.readUInt32BE(at + 1));
                filled = size - at;
                bytes.copy(message, 0, at, size);
                at = size;
              }
            }
          }
          for (const messages of out) socket.emit('data', messages);
          return true; // keep reading (false would pause the socket)
        },
      },
    });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}
