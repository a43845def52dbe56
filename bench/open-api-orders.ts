/**
 * Signed order creation on DEMO-FLASH through the real app over HTTP, from 32 concurrent
 * connections for 10 s, and beside it, in the same run and on the same PostgreSQL server,
 * PostgreSQL's own rate for a conditional one-row decrement at the same concurrency
 * (pgbench). The ratio says how close a whole order (signature, nonce, rate limit, checks,
 * order rows, audit, reservation, announcement job) comes to the bare row update that
 * bounds any hot-product design.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { signRequest, type Credentials } from '@/mall-client';
import { ensureAppSecrets } from '@/server/config/secrets';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { distributors, products } from '@/server/db/schema';
import { seedDemoData } from '@/server/db/seed';
import { startAppServer, type AppServer } from '../tests/support/app-server';

const CONNECTIONS = 32;
const WARMUP_MS = 3_000;
const DURATION_MS = 10_000;
const ROOT = path.resolve(import.meta.dirname, '..');

type LoadResult = { count: number; perSecond: number; p50: number; p99: number; statuses: Record<string, number> };

export async function runOpenApiOrdersBench() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-hub-bench-'));
  console.log(`Open API order creation bench (data in ${dataDir})`);
  // The app server started below reads the same secrets from DATA_DIR.
  ensureAppSecrets(dataDir);
  const pg = await startEmbeddedPostgres({ dataDir, database: 'supply_hub' });
  let server: AppServer | undefined;
  try {
    await migrateDatabase(pg.url);
    const db = createDb(pg.url, { max: 2 });
    const creds = await seedDemoData(db, { dataDir, log: () => {} });
    // Measure orders, not the rate limiter: both demo malls get a bucket they cannot empty.
    await db.update(distributors).set({ rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000 });
    const [flash] = await db.select().from(products).where(eq(products.skuCode, 'DEMO-FLASH'));
    await db.$client.end();

    // The real app (`npm start`'s script, production build) on this database, worker included.
    process.env.DATABASE_URL = pg.url;
    server = await startAppServer({ env: { RUN_WORKER: process.env.BENCH_WORKER ?? 'true' /* BENCH_WORKER=false: without the in-process worker */, ALLOW_PRIVATE_CALLBACK_URLS: 'false' } });
    const port = server.port;
    const malls: Credentials[] = creds.distributors.map((d) => ({ distributorCode: d.code, appKey: d.key, secret: d.secret }));

    console.log(`Warming up for ${WARMUP_MS / 1000} s…`);
    await orderLoad(port, malls, flash.id, WARMUP_MS, 'W');
    console.log(`Signed POST /api/open/v1/orders on DEMO-FLASH, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s…`);
    const app = await orderLoad(port, malls, flash.id, DURATION_MS, 'B');
    console.log(`  ${app.count} orders created: ${app.perSecond.toFixed(0)}/s, p50 ${app.p50.toFixed(1)} ms, p99 ${app.p99.toFixed(1)} ms, statuses ${JSON.stringify(app.statuses)}`);

    // For the analysis: the server's floor (no database) and the cheapest signed request.
    const floor = await load(port, 5_000, 401, () => ({ method: 'GET', path: '/api/open/v1/balance', headers: {} }));
    console.log(`  context: unsigned GET /balance, refused 401 before any database work: ${floor.perSecond.toFixed(0)}/s`);
    const balance = await load(port, 5_000, 200, (w) => ({ method: 'GET', path: '/api/open/v1/balance', headers: signRequest(malls[w % malls.length], { method: 'GET', pathAndQuery: '/api/open/v1/balance' }) }));
    console.log(`  context: signed GET /balance (admission and one read) ${balance.perSecond.toFixed(0)}/s`);

    // The app's server stays up (idle) so both numbers come from the same PostgreSQL, same state.
    console.log(`pgbench: UPDATE products SET stock = stock - 1 WHERE id = DEMO-FLASH AND stock >= 1, ${CONNECTIONS} clients, ${DURATION_MS / 1000} s…`);
    const raw = pgbench(pg.url, flash.id);
    console.log(`  ${raw.toFixed(0)} decrements/s`);
    const ratio = app.perSecond / raw;
    console.log(`Ratio: ${ratio.toFixed(3)} (aim: ≥ 0.25)`);

    const check = createDb(pg.url, { max: 1 });
    const [{ orders: made }] = await check.execute<{ orders: number }>(sql`select count(*)::int as orders from orders`);
    await check.$client.end();
    writeResults({ app, raw, ratio, ordersInDb: made, floor, balance });
  } finally {
    await server?.stop();
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

type Request = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };

/**
 * `CONNECTIONS` keep-alive connections, each sending requests back to back; counts `okStatus`
 * answers. A lean HTTP/1.1 client on raw sockets (like wrk, which cannot sign requests): it
 * shares the two cores with the app and PostgreSQL, so it should take as little of them
 * as pgbench's C client does on its side.
 */
async function load(port: number, durationMs: number, okStatus: number, next: (worker: number) => Request): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const until = Date.now() + durationMs;
  const worker = (w: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
      let buffered: Buffer = Buffer.alloc(0);
      let started = 0;
      const send = () => {
        if (Date.now() >= until) {
          socket.end();
          return resolve();
        }
        const { method, path: target, headers, body } = next(w);
        const head = [`${method} ${target} HTTP/1.1`, `host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
        if (body !== undefined && !('content-length' in headers)) head.push(`content-length: ${Buffer.byteLength(body)}`);
        started = performance.now();
        socket.write(`${head.join('\r\n')}\r\n\r\n${body ?? ''}`);
      };
      socket.on('data', (chunk: Buffer) => {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        const headEnd = buffered.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = buffered.toString('latin1', 0, headEnd);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < headEnd + 4 + length) return;
        buffered = buffered.subarray(headEnd + 4 + length);
        const status = head.slice(9, 12);
        if (Date.now() <= until) {
          latencies.push(performance.now() - started);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
        send();
      });
      socket.on('error', reject);
      socket.on('connect', send);
    });
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  latencies.sort((a, b) => a - b);
  const count = statuses[String(okStatus)] ?? 0;
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { count, perSecond: count / (durationMs / 1000), p50: pct(0.5), p99: pct(0.99), statuses };
}

/** Signed order creations of one DEMO-FLASH each, the connections spread over the malls. */
function orderLoad(port: number, malls: Credentials[], productId: number, durationMs: number, tag: string) {
  let seq = 0;
  return load(port, durationMs, 201, (w) => {
    const body = JSON.stringify({
      mallOrderNo: `${tag}${w}-${++seq}`,
      items: [{ productId, quantity: 1 }],
      receiver: { name: '压测', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号' },
    });
    const headers = { ...signRequest(malls[w % malls.length], { method: 'POST', pathAndQuery: '/api/open/v1/orders', body }), 'content-type': 'application/json' };
    return { method: 'POST', path: '/api/open/v1/orders', headers, body };
  });
}

function pgbench(url: string, productId: number): number {
  const script = path.join(os.tmpdir(), `decrement-${process.pid}.sql`);
  fs.writeFileSync(script, 'UPDATE products SET stock = stock - 1 WHERE id = :product_id AND stock >= 1;\n');
  const binary = ['pgbench', '/usr/lib/postgresql/15/bin/pgbench'].find((b) => spawnSync(b, ['--version']).status === 0);
  if (!binary) throw new Error('pgbench is not installed (apt-get install postgresql-client)');
  const run = spawnSync(binary, ['-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(DURATION_MS / 1000), '-D', `product_id=${productId}`, '-f', script, url], { encoding: 'utf8' });
  fs.rmSync(script, { force: true });
  const tps = /tps = ([\d.]+)/.exec(run.stdout);
  if (run.status !== 0 || !tps) throw new Error(`pgbench failed:\n${run.stdout}\n${run.stderr}`);
  return Number(tps[1]);
}

function writeResults(r: { app: LoadResult; raw: number; ratio: number; ordersInDb: number; floor: LoadResult; balance: LoadResult }) {
  const cpu = os.cpus();
  const lines = [
    '<!-- open-api-orders:start (written by `npm run bench`) -->',
    `Last run: ${new Date().toISOString()} on ${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, embedded PostgreSQL (durable settings, as \`npm start\` runs it).`,
    '',
    '| measure | result |',
    '|---|---|',
    `| signed \`POST /api/open/v1/orders\` on DEMO-FLASH, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s | **${r.app.perSecond.toFixed(0)} orders/s** (p50 ${r.app.p50.toFixed(1)} ms, p99 ${r.app.p99.toFixed(1)} ms; statuses ${JSON.stringify(r.app.statuses)}) |`,
    `| pgbench: \`UPDATE products SET stock = stock - 1 WHERE id = … AND stock >= 1\`, ${CONNECTIONS} clients, ${DURATION_MS / 1000} s, same server | **${r.raw.toFixed(0)} decrements/s** |`,
    `| ratio (orders ÷ decrements) | **${r.ratio.toFixed(3)}** (aim ≥ 0.25) |`,
    `| context: unsigned \`GET /api/open/v1/balance\`, answered 401 before any database work (the server's floor), same server | ${r.floor.perSecond.toFixed(0)} requests/s (p50 ${r.floor.p50.toFixed(1)} ms) |`,
    `| context: signed \`GET /api/open/v1/balance\` (admission and one read), same server | ${r.balance.perSecond.toFixed(0)} requests/s (p50 ${r.balance.p50.toFixed(1)} ms) |`,
    '',
    `Orders in the database after the run (warm-up included): ${r.ordersInDb}.`,
    '<!-- open-api-orders:end -->',
  ].join('\n');
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const marked = /<!-- open-api-orders:start[\s\S]*?<!-- open-api-orders:end -->/;
  fs.writeFileSync(file, marked.test(current) ? current.replace(marked, lines) : `${current.trimEnd()}\n\n${lines}\n`);
  console.log(`Results written to ${file}`);
}

