/**
 * The catalog a mall reads, through the real app over HTTP, on a pool of PRODUCTS products:
 * - full sync: every product listed for the distributor, pages of 500, one connection,
 *   page after page as a mall's sync job would: the median of TIMED_SYNCS syncs after
 *   WARM_UP_SYNCS, as a server that has been serving malls for a while runs it (the first
 *   syncs after start run 10-30 % slower: V8 still compiling, PostgreSQL's connections still
 *   planning their statements);
 * - incremental sync after 1,000 changes: it must return exactly those 1,000;
 * - signed reads: `POST /stock` of 100 ids from 32 connections, against the same server's
 *   unsigned health route (no database, no signature: the floor of a request);
 * - the app's peak resident memory (VmHWM) after the syncs, and at the end.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { signRequest, type Credentials } from '@/mall-client';
import { createDb, type Db } from '@/server/db/client';
import { distributorCategories, distributors, products } from '@/server/db/schema';
import { inSelection, listedFor } from '@/server/domain/catalog/visibility';
import type { SeededCatalog } from './catalog-seed';
import type { BenchEnv } from './env';
import { Connection, load, type LoadResult } from './lib/load';
import { describeLoad, measuringLoad, memoryOf, processTree } from './lib/machine';
import { fmt, type Figure, type Section } from './lib/report';

const PAGE = 500;
const CHANGES = 1_000;
const READ_CONNECTIONS = 32;
const READ_MS = 5_000;
const STOCK_IDS = 100;
const WARM_UP_SYNCS = 2;
const TIMED_SYNCS = 5;

export async function catalogBench(env: BenchEnv, catalog: SeededCatalog): Promise<Section> {
  const db = createDb(env.url, { max: 2 });
  const [mallCreds] = env.creds.distributors;
  const mall: Credentials = { distributorCode: mallCreds.code, appKey: mallCreds.key, secret: mallCreds.secret };
  const [d] = await db.select().from(distributors).where(eq(distributors.code, mall.distributorCode));
  // The mall syncs the bench's categories as well as the demo's; no rate limit in the way.
  await db.insert(distributorCategories).values(catalog.topCategoryIds.map((categoryId) => ({ distributorId: d.id, categoryId }))).onConflictDoNothing();
  await db.update(distributors).set({ rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000 });
  // What a full sync must return: the one definition of "listed for this distributor, in its selection".
  const [{ listed }] = await db
    .select({ listed: count() })
    .from(products)
    .where(and(inSelection(d), listedFor({ id: d.id, levelId: d.levelId })));

  const server = await env.startApp({ RUN_WORKER: 'true' });
  const appPid = () => {
    const tree = server.pid ? processTree(server.pid) : [];
    return tree.sort((a, b) => memoryOf(b).rss - memoryOf(a).rss)[0];
  };
  try {
    const idleMemory = memoryOf(appPid());
    console.log(`Catalog: app started, ${idleMemory.rss.toFixed(0)} MiB resident; full sync of ${listed} listed products, pages of ${PAGE}…`);
    const connection = new Connection(server.port);
    const warmUps: number[] = [];
    const syncs: number[] = [];
    let fullLoad;
    let complete = true;
    for (let i = 0; i < WARM_UP_SYNCS + TIMED_SYNCS; i++) {
      const { result, load } = await measuringLoad(() => fullSync(connection, mall), env.ours);
      complete &&= result.ids === listed && result.ordered;
      (i < WARM_UP_SYNCS ? warmUps : syncs).push(result.seconds);
      fullLoad = load;
      console.log(`  ${result.ids} products in ${result.seconds.toFixed(2)} s (${(result.ids / result.seconds).toFixed(0)}/s)${result.ids === listed && result.ordered ? '' : ' INCOMPLETE'}${i < WARM_UP_SYNCS ? ' (warm-up)' : ''}`);
    }
    const fullSeconds = [...syncs].sort((a, b) => a - b)[TIMED_SYNCS >> 1];
    const afterSync = memoryOf(appPid());

    console.log(`Catalog: ${CHANGES} changes, then an incremental sync…`);
    const changed = await changeProducts(db, CHANGES);
    const { result: incremental } = await measuringLoad(() => incrementalSync(connection, mall, changed.since));
    const exactly = incremental.ids.length === changed.ids.length && new Set([...incremental.ids, ...changed.ids]).size === changed.ids.length;
    console.log(`  ${incremental.ids.length} products in ${(incremental.seconds * 1000).toFixed(0)} ms: ${exactly ? 'exactly the changed ones' : 'NOT the changed ones'}`);
    connection.close();

    console.log(`Signed reads: POST /stock of ${STOCK_IDS} ids against GET /api/health, ${READ_CONNECTIONS} connections, ${READ_MS / 1000} s each…`);
    const listedIds = (await db.execute<{ id: number }>(sql`select id from products where status = 'on_sale' order by id limit 5000`)).map((r) => r.id);
    const malls: Credentials[] = env.creds.distributors.map((x) => ({ distributorCode: x.code, appKey: x.key, secret: x.secret }));
    await stockLoad(server.port, malls, listedIds, 2_000); // warm-up
    const { result: stock, load: stockMachine } = await measuringLoad(() => stockLoad(server.port, malls, listedIds, READ_MS), env.ours);
    const { result: health, load: healthMachine } = await measuringLoad(
      () => load(server.port, { connections: READ_CONNECTIONS, durationMs: READ_MS, okStatus: 200 }, () => ({ method: 'GET', path: '/api/health', headers: {} })),
      env.ours,
    );
    const readRatio = stock.perSecond / health.perSecond;
    console.log(`  stock ${stock.perSecond.toFixed(0)}/s (p50 ${stock.p50.toFixed(1)} ms) ${JSON.stringify(stock.statuses)}; health ${health.perSecond.toFixed(0)}/s; ratio ${readRatio.toFixed(2)}`);
    const end = memoryOf(appPid());

    const figures: Figure[] = [
      {
        measure: `full sync of ${fmt(listed)} listed products (of ${fmt(listed)}), pages of ${PAGE}, one connection`,
        result: `**${fmt(listed / fullSeconds)} products/s** (median ${fullSeconds.toFixed(2)} s of runs ${syncs.map((s) => s.toFixed(2)).join(', ')} s, in order, after warm-up ${warmUps.map((s) => s.toFixed(2)).join(', ')} s)${complete ? '' : ' — INCOMPLETE'}`,
        goal: '≥ 100,000 products/s',
        met: complete && listed / fullSeconds >= 100_000,
      },
      {
        measure: `incremental sync after ${fmt(CHANGES)} changes`,
        result: `${incremental.ids.length} products in ${(incremental.seconds * 1000).toFixed(0)} ms, ${exactly ? 'exactly the changed ones' : '**not exactly the changed ones**'}`,
        goal: 'exactly the changed ones',
        met: exactly,
      },
      { measure: `signed \`POST /stock\` of ${STOCK_IDS} ids, ${READ_CONNECTIONS} connections`, result: `${fmt(stock.perSecond)} requests/s (p50 ${stock.p50.toFixed(1)} ms, p99 ${stock.p99.toFixed(1)} ms; ${JSON.stringify(stock.statuses)})`, goal: '', met: null },
      { measure: `unsigned \`GET /api/health\`, ${READ_CONNECTIONS} connections, same server`, result: `${fmt(health.perSecond)} requests/s (p50 ${health.p50.toFixed(1)} ms)`, goal: '', met: null },
      { measure: 'signed reads: `POST /stock` ÷ health route', result: `**${readRatio.toFixed(2)}**`, goal: '≥ 0.5', met: readRatio >= 0.5 && Object.keys(stock.statuses).every((s) => s === '200') },
      { measure: 'the app’s resident memory: at start, peak after the full syncs', result: `${idleMemory.rss.toFixed(0)} MiB, **${afterSync.peak.toFixed(0)} MiB**`, goal: '≤ 400 MiB', met: afterSync.peak <= 400 },
      { measure: 'the app’s peak resident memory over the whole catalog run (syncs and signed reads)', result: `${end.peak.toFixed(0)} MiB`, goal: '', met: null },
    ];
    return {
      title: 'Catalog sync, signed reads, memory',
      command: '`npm run bench -- catalog`',
      load: `during the full syncs ${describeLoad(fullLoad!)}; during /stock ${describeLoad(stockMachine)}; during the health route ${describeLoad(healthMachine)}`,
      figures,
    };
  } finally {
    await server.stop();
    await db.$client.end();
  }
}

function signed(mall: Credentials, method: 'GET' | 'POST', target: string, body?: string) {
  return { method, path: target, headers: { ...signRequest(mall, { method, pathAndQuery: target, body }), ...(body ? { 'content-type': 'application/json' } : {}) }, body };
}

/** Reads every page of a full sync, as a mall would (parsing each page); checks the ids come in order, once each. */
async function fullSync(connection: Connection, mall: Credentials) {
  const started = performance.now();
  let cursor: string | null = null;
  let ids = 0;
  let last = 0;
  let ordered = true;
  do {
    const target: string = `/api/open/v1/products?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await connection.send(signed(mall, 'GET', target));
    if (response.status !== 200) throw new Error(`full sync: ${response.status} ${response.body.toString()}`);
    const page = JSON.parse(response.body.toString('utf8')) as { data: { id: number }[]; nextCursor: string | null };
    for (const p of page.data) {
      ordered &&= p.id > last;
      last = p.id;
    }
    ids += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, ordered, seconds: (performance.now() - started) / 1000 };
}

async function incrementalSync(connection: Connection, mall: Credentials, since: string) {
  const started = performance.now();
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const target: string = `/api/open/v1/products?limit=${PAGE}&updatedSince=${encodeURIComponent(since)}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await connection.send(signed(mall, 'GET', target));
    if (response.status !== 200) throw new Error(`incremental sync: ${response.status} ${response.body.toString()}`);
    const page = JSON.parse(response.body.toString('utf8')) as { data: { id: number }[]; nextCursor: string | null };
    ids.push(...page.data.map((p) => p.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, seconds: (performance.now() - started) / 1000 };
}

/**
 * `count` listed products spread over the pool change stock, each in a transaction of its
 * own as staff and suppliers would, the way every stock change does (a new version and
 * updated_at). Returns them and a time just before the first.
 */
async function changeProducts(db: Db, count: number) {
  const [{ since }] = await db.execute<{ since: string }>(sql`select to_char(date_trunc('milliseconds', clock_timestamp()) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as since`);
  const picked = (await db.execute<{ id: number }>(sql`select id from products where status in ('on_sale', 'sold_out') and sku_code like 'B-%' order by id`)).map((r) => r.id);
  const step = Math.floor(picked.length / count);
  const ids = Array.from({ length: count }, (_, i) => picked[i * step]);
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map((id) => db.execute(sql`update products set stock = stock + 1, version = version + 1, updated_at = clock_timestamp() where id = ${id}`)),
    );
  }
  return { since, ids };
}

function stockLoad(port: number, malls: Credentials[], ids: number[], durationMs: number): Promise<LoadResult> {
  let n = 0;
  return load(port, { connections: READ_CONNECTIONS, durationMs, okStatus: 200 }, (c) => {
    const start = (n++ * 37) % (ids.length - STOCK_IDS);
    const body = JSON.stringify({ productIds: ids.slice(start, start + STOCK_IDS) });
    return signed(malls[c % malls.length], 'POST', '/api/open/v1/stock', body);
  });
}
