/**
 * The benches' HTTP client: HTTP/1.1 on raw keep-alive sockets, like wrk (which cannot sign
 * requests). It shares the two cores with the app and PostgreSQL, so it should cost as
 * little of them as pgbench's C client does on its side.
 */
import net from 'node:net';

const ANSWER_TIMEOUT_MS = 60_000;

export type BenchRequest = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
export type BenchResponse = { status: number; body: Buffer };
export type LoadResult = { count: number; perSecond: number; p50: number; p99: number; statuses: Record<string, number> };

/**
 * One keep-alive connection sending requests one after another. An answer is read into one
 * buffer kept for the connection, through one read buffer (net's `onread`), as a C client
 * would: a full-sync page (211 kB) came in 4-8 chunks, each allocated and joined anew into
 * every chunk before it, and its head searched for again after each, some 0.25 ms of the
 * client's thread a page, on the same two cores as the app.
 */
export class Connection {
  private socket: net.Socket;
  /** The answer being read: the bytes so far, where its body starts and how long it is once the head has come. */
  private answer = Buffer.allocUnsafe(256 * 1024);
  private filled = 0;
  private bodyStart = -1;
  private bodyLength = 0;
  private waiting: { resolve: (r: BenchResponse) => void; reject: (e: Error) => void } | null = null;
  private ready: Promise<void>;

  constructor(private readonly port: number) {
    this.socket = net.connect({
      host: '127.0.0.1',
      port,
      noDelay: true,
      onread: {
        buffer: Buffer.allocUnsafe(64 * 1024),
        callback: (size, chunk) => {
          this.onData(chunk, size);
          return true;
        },
      },
    });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('error', (e) => this.waiting?.reject(e));
  }

  /** The answer's body is valid until the next `send` on this connection (it lies in the connection's buffer). */
  async send(r: BenchRequest): Promise<BenchResponse> {
    await this.ready;
    const head = [`${r.method} ${r.path} HTTP/1.1`, `host: 127.0.0.1:${this.port}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)];
    if (r.body !== undefined) head.push(`content-length: ${Buffer.byteLength(r.body)}`);
    return new Promise((resolve, reject) => {
      // A request the app never answers fails the run instead of hanging it.
      const timer = setTimeout(() => reject(new Error(`no answer to ${r.method} ${r.path} within ${ANSWER_TIMEOUT_MS / 1000} s`)), ANSWER_TIMEOUT_MS);
      this.waiting = {
        resolve: (answer) => (clearTimeout(timer), resolve(answer)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.socket.write(`${head.join('\r\n')}\r\n\r\n${r.body ?? ''}`);
    });
  }

  close() {
    this.socket.end();
  }

  private onData(chunk: Uint8Array, size: number) {
    if (this.filled + size > this.answer.length) {
      const larger = Buffer.allocUnsafe(Math.max(2 * this.answer.length, this.filled + size));
      this.answer.copy(larger, 0, 0, this.filled);
      this.answer = larger;
    }
    this.answer.set(chunk.subarray(0, size), this.filled);
    this.filled += size;
    if (this.bodyStart < 0) {
      const headEnd = this.answer.subarray(0, this.filled).indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = this.answer.toString('latin1', 0, headEnd);
      this.bodyStart = headEnd + 4;
      this.bodyLength = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    }
    const end = this.bodyStart + this.bodyLength;
    if (this.filled < end) return;
    const status = Number(this.answer.toString('latin1', 9, 12));
    const body = this.answer.subarray(this.bodyStart, end);
    // One request at a time: nothing should follow the answer, but anything that does starts the
    // next, in a buffer of its own (this one holds the body handed over).
    if (this.filled > end) {
      const rest = this.answer.subarray(end, this.filled);
      this.answer = Buffer.allocUnsafe(Math.max(this.answer.length, rest.length));
      rest.copy(this.answer);
    }
    this.filled -= end;
    this.bodyStart = -1;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ status, body });
  }
}

/**
 * `connections` connections, each sending requests back to back for `durationMs`; counts
 * the `okStatus` answers and their latencies.
 */
export async function load(port: number, options: { connections: number; durationMs: number; okStatus: number }, next: (connection: number) => BenchRequest): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const until = Date.now() + options.durationMs;
  const run = async (c: number) => {
    const connection = new Connection(port);
    try {
      while (Date.now() < until) {
        const request = next(c);
        const started = performance.now();
        const { status } = await connection.send(request);
        if (Date.now() > until) break;
        latencies.push(performance.now() - started);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    } finally {
      connection.close();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, c) => run(c)));
  latencies.sort((a, b) => a - b);
  const count = statuses[String(options.okStatus)] ?? 0;
  return { count, perSecond: count / (options.durationMs / 1000), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), statuses };
}

/** The value below which `p` of the sorted values lie. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}
