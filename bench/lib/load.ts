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

/** One keep-alive connection sending requests one after another. */
export class Connection {
  private socket: net.Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (r: BenchResponse) => void; reject: (e: Error) => void } | null = null;
  private ready: Promise<void>;

  constructor(private readonly port: number) {
    this.socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('error', (e) => this.waiting?.reject(e));
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

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

  private onData(chunk: Buffer) {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const headEnd = this.buffered.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffered.toString('latin1', 0, headEnd);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffered.length < headEnd + 4 + length) return;
    const body = this.buffered.subarray(headEnd + 4, headEnd + 4 + length);
    this.buffered = this.buffered.subarray(headEnd + 4 + length);
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ status: Number(head.slice(9, 12)), body });
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
