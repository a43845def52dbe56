/**
 * The soak (`npm run soak`; a short one runs in `npm test`): the whole hub as it is deployed
 * on several machines, under a mixed load, through a crash. On one PostgreSQL: two app
 * servers and two workers, each in a process group of its own; mall clients of both demo
 * distributors, half to each server, ordering a few shared products of small stock;
 * staff and the suppliers shipping and restocking through their portals. Halfway, one app
 * server and one worker are killed (SIGKILL to the whole group) and started again.
 * Afterwards: `npm run check` must find nothing, every callback due must have reached the
 * malls' receiver, signed, and what the clients were told must be what the database holds.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { MallClient } from '@/mall-client';
import { createDb, type Db } from '@/server/db/client';
import { startEmbeddedPostgres } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { distributors, orderItems, orders, outboxEvents, products, suppliers, users, webhookDeliveries } from '@/server/db/schema';
import { seedDemoData } from '@/server/db/seed';
import { createPlatformProduct } from '@/server/domain/catalog/platform-products';
import { approveProduct } from '@/server/domain/catalog/review';
import { createSupplierProduct } from '@/server/domain/catalog/supplier-products';
import { updateBinding } from '@/server/domain/distributors/binding';
import { checkInvariants } from '@/server/domain/invariants';
import { topUpDirectly } from '@/server/domain/wallet/staff-postings';
import { ensureBuildOnce, startAppServer, startWorkerProcess, type StartedProcess } from '../../tests/support/app-server';
import { runMall, type MallRecord } from './mall';
import { startMallReceiver } from '../../scripts/lib/mall-receiver';
import { portalSession } from '../../scripts/lib/portal-session';
import { runShipper, staffShipper, supplierShipper, type OperatorRecord } from './operators';
import { sampleMachine, summarize, type SoakFigures } from './report';
import { openApiOperation, Tally } from './tally';

const ROOT = path.resolve(import.meta.dirname, '../..');

export type SoakOptions = {
  durationMs: number;
  /** An empty database to run on as it is (a test's); else a new one on DATABASE_URL's server, else embedded. */
  databaseUrl?: string;
  paymentTimeoutSeconds: number;
  sweepIntervalSeconds: number;
  clientsPerDistributor: number;
  /** Stock of each shared product at the start. */
  stock: number;
  /** Connections per app server. */
  poolSize: number;
  seed: number;
  log: (line: string) => void;
};

export const DEFAULTS: SoakOptions = {
  durationMs: 90_000,
  paymentTimeoutSeconds: 20,
  sweepIntervalSeconds: 2,
  clientsPerDistributor: 4,
  stock: 25,
  poolSize: 10,
  seed: 1,
  log: console.log,
};

export type SoakResult = { problems: string[]; figures: SoakFigures; markdown: string };

/** Every process group the soak started, so that nothing outlives it whatever happens. */
const running = new Set<StartedProcess>();
export function killEverything() {
  for (const p of running) p.kill('SIGKILL');
}

export async function runSoak(partial: Partial<SoakOptions> = {}): Promise<SoakResult> {
  const o: SoakOptions = { ...DEFAULTS, ...partial };
  const log = o.log;
  const started = Date.now();
  const database = await openDatabase(o.databaseUrl, log);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-hub-soak-'));
  // Shared by every process of the soak, as several app servers must share them (README).
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString('base64url');
  process.env.SECRETS_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
  process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
  const db = createDb(database.url, { max: 4, applicationName: 'supply-hub-soak' });
  let receiver: Receivers | undefined;
  const problems: string[] = [];
  try {
    log(`Database ${database.label}; migrating and writing the demo data…`);
    await migrateDatabase(database.url);
    const creds = await seedDemoData(db, { dataDir: workDir, log: () => {} });
    receiver = await startReceivers(creds.distributors);
    const world = await prepareWorld(db, creds, receiver.url, o);
    log(`Products ${world.products.map((p) => p.skuCode).join(', ')} (stock ${o.stock} each); callbacks to ${creds.distributors.map((d) => receiver!.url(d.code)).join(', ')}`);

    // The processes, as a deployment runs them: servers without workers, workers apart.
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      ORDER_PAYMENT_TIMEOUT_SECONDS: String(o.paymentTimeoutSeconds),
      ORDER_SWEEP_INTERVAL_SECONDS: String(o.sweepIntervalSeconds),
      DATABASE_POOL_SIZE: String(o.poolSize),
      ALLOW_PRIVATE_CALLBACK_URLS: 'true',
      RUN_WORKER: 'false',
    };
    const startServer = async (port?: number) => track(await startAppServer({ env, port, processGroup: true }));
    const startWorker = async () => track(await startWorkerProcess({ env, processGroup: true }));
    log('Building the app if needed, then starting 2 app servers and 2 workers…');
    await ensureBuildOnce();
    const [firstServerA, serverB, firstWorkerA, workerB] = await all([startServer(), startServer(), startWorker(), startWorker()]);
    // A is the pair killed halfway; these become their successors.
    let [serverA, workerA] = [firstServerA, firstWorkerA];

    const tally = new Tally();
    const record: MallRecord = { told: [], surprises: [], gaveUp: [] };
    const operators: Record<string, OperatorRecord> = {};
    const deadline = Date.now() + o.durationMs;
    const until = () => Date.now() >= deadline;
    const random = seededRandom(o.seed);

    const malls = creds.distributors.flatMap((d) =>
      Array.from({ length: o.clientsPerDistributor }, (_, i) => {
        const server = i % 2 ? serverB : serverA;
        const client = new MallClient({
          baseUrl: server.baseUrl,
          distributorCode: d.code,
          appKey: d.key,
          secret: d.secret,
          // Long enough to outlast a server's restart.
          retries: 20,
          timeoutMs: 20_000,
          fetch: tally.fetch(openApiOperation),
        });
        return runMall({ client, distributorCode: d.code, tag: `SOAK-${d.code}-${i}`, productIds: world.products.map((p) => p.id), until, random, record });
      }),
    );

    const login = (name: string) => creds.logins.find((l) => l.username === name)!;
    const portalFetch = { fetch: tally.fetch((method, url) => `tRPC ${url.pathname.replace('/api/trpc/', '')}`) };
    const [staffPortal, supplier1Portal, supplier2Portal] = await Promise.all([
      portalSession(serverB.baseUrl, 'admin', login('admin').password, portalFetch),
      portalSession(serverA.baseUrl, 'supplier1', login('supplier1').password, portalFetch),
      portalSession(serverB.baseUrl, 'supplier2', login('supplier2').password, portalFetch),
    ]);
    const byOwner = (owner: string | null) => world.products.filter((p) => p.owner === owner);
    const people = [
      ['staff', staffShipper(staffPortal), async () => restock(byOwner(null), (id) => staffPortal.admin.products.get.query({ id }), (id, stock) => staffPortal.admin.products.adjustStock.mutate({ id, delta: o.stock - stock, reason: '压测补货' }))],
      ['supplier1', supplierShipper(supplier1Portal), async () => restock(byOwner('supplier1'), (id) => supplier1Portal.supplier.products.get.query({ id }), (id) => supplier1Portal.supplier.products.setStock.mutate({ id, stock: o.stock }))],
      ['supplier2', supplierShipper(supplier2Portal), async () => restock(byOwner('supplier2'), (id) => supplier2Portal.supplier.products.get.query({ id }), (id) => supplier2Portal.supplier.products.setStock.mutate({ id, stock: o.stock }))],
    ] as const;
    const shippers = people.map(([name, shipper, restockIt]) => {
      operators[name] = { shipped: 0, restocked: 0, surprises: [] };
      return runShipper({ name, shipper, until, record: operators[name], restock: restockIt });
    });

    // Halfway: server A and worker A die at once (SIGKILL to their process groups), and come back.
    log(`Load for ${o.durationMs / 1000} s: ${malls.length} mall clients, staff and 2 suppliers…`);
    const machine = sampleMachine();
    const progress = setInterval(() => log(`  ${Math.round((Date.now() - (deadline - o.durationMs)) / 1000)} s: ${tally.total()} requests, ${record.told.length} orders created`), 10_000);
    await sleep(o.durationMs / 2);
    const kill = { at: Math.round(o.durationMs / 2000), serverBackAfterMs: 0, workerBackAfterMs: 0, rescued: '' };
    log(`  SIGKILL to the process groups of app server A (pid ${serverA.pid}) and worker A (pid ${workerA.pid})`);
    const killedAt = Date.now();
    serverA.kill('SIGKILL');
    workerA.kill('SIGKILL');
    await Promise.all([serverA.exited, workerA.exited]);
    running.delete(serverA);
    running.delete(workerA);
    await sleep(1000);
    [serverA, workerA] = await all([
      startServer(serverA.port).then((s) => ((kill.serverBackAfterMs = Date.now() - killedAt), s)),
      startWorker().then((w) => ((kill.workerBackAfterMs = Date.now() - killedAt), w)),
    ]);
    log(`  server A answering again ${(kill.serverBackAfterMs / 1000).toFixed(1)} s after the kill, worker A ${(kill.workerBackAfterMs / 1000).toFixed(1)} s`);

    await Promise.all([...malls, ...shippers]);
    clearInterval(progress);
    const machineFigures = machine.stop();
    log(`Load over: ${tally.total()} requests, ${record.told.length} orders created. Waiting for unpaid orders to expire and callbacks to arrive…`);

    const drained = await drain(db, world.eventsFrom, receiver.received, o);
    if (drained.pending) problems.push(`${drained.pending} unpaid orders did not expire within the wait`);
    kill.rescued = [workerA, workerB].map((w) => w.output()).join('\n').match(/gave back \d+ jobs of stopped workers/g)?.join('; ') ?? '';

    // `npm run check`, the command, on the database as the soak left it.
    const check = await runCheckCommand(database.url);
    if (check.code !== 0) problems.push(`npm run check exited ${check.code}:\n${check.out}`);
    const report = await checkInvariants(db);
    for (const b of report.breaches) problems.push(`invariant ${b.rule}: ${b.message}`);

    const clientCheck = await compareWithDatabase(db, record, creds.distributors.map((d) => d.code));
    problems.push(...clientCheck.problems);
    problems.push(...record.surprises.map((s) => `client surprise (${s.mallOrderNo}): ${s.what}`));
    problems.push(...record.gaveUp.map((g) => `client gave up (${g.mallOrderNo}, ${g.step}): ${g.error}`));
    for (const [name, r] of Object.entries(operators)) problems.push(...r.surprises.map((s) => `${name}: ${s}`));
    const callbacks = await checkCallbacks(db, world.eventsFrom, receiver);
    problems.push(...callbacks.problems);

    await Promise.all([serverA, serverB, workerA, workerB].map((p) => p.stop().then(() => running.delete(p))));
    const figures: SoakFigures = {
      options: { durationMs: o.durationMs, paymentTimeoutSeconds: o.paymentTimeoutSeconds, sweepIntervalSeconds: o.sweepIntervalSeconds, clients: malls.length, stock: o.stock, poolSize: o.poolSize },
      database: database.label,
      products: world.products.map((p) => p.skuCode),
      requests: tally.rows(),
      requestTotal: tally.total(),
      ordersByStatus: clientCheck.byStatus,
      client: clientCheck.counts,
      operators,
      kill,
      callbacks: callbacks.figures,
      invariants: { rules: report.rules.length, breaches: report.breaches.length, checkExit: check.code },
      machine: machineFigures,
      elapsedMs: Date.now() - started,
      problems: problems.length,
    };
    return { problems, figures, markdown: summarize(figures) };
  } finally {
    killEverything();
    running.clear();
    await receiver?.close();
    await db.$client.end();
    await database.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Like Promise.all, but waits for every start to end either way, so none is left running untracked. */
async function all<T>(starts: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

function track(p: StartedProcess) {
  running.add(p);
  return p as typeof p & { port: number; baseUrl: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small deterministic generator (mulberry32): the same seed plays the same choices. */
function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type SoakDatabase = { url: string; label: string; close(): Promise<void> };

async function openDatabase(given: string | undefined, log: (line: string) => void): Promise<SoakDatabase> {
  if (given) return { url: given, label: 'given', close: async () => {} };
  if (process.env.DATABASE_URL) {
    // A database of its own on that server, dropped afterwards (its user may create databases).
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    const name = `supply_hub_soak_${randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      label: `${name} on DATABASE_URL's server`,
      async close() {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-hub-soak-pg-'));
  fs.chmodSync(dataDir, 0o755);
  log(`Starting an embedded PostgreSQL in ${dataDir}…`);
  // Durable, as `npm start` runs it.
  const pg = await startEmbeddedPostgres({ dataDir, database: 'supply_hub' });
  return {
    url: pg.url,
    label: 'embedded PostgreSQL (durable settings, as `npm start` runs it)',
    async close() {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type SoakProduct = { id: number; skuCode: string; owner: string | null };

/**
 * The stage: both malls' callback URLs on the receiver, balances to last the run, and four
 * shared products of small stock (two of the platform's, one of each supplier's, approved
 * by staff), made through the verbs the portals call.
 */
async function prepareWorld(db: Db, creds: Awaited<ReturnType<typeof seedDemoData>>, hookUrl: (code: string) => string, o: SoakOptions) {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  const staff = { db, actor: { kind: 'staff' as const, userId: admin.id } };
  const codes = creds.distributors.map((d) => d.code);
  const mallRows = await db.select({ id: distributors.id, code: distributors.code }).from(distributors).where(inArray(distributors.code, codes));
  for (const d of mallRows) await updateBinding(staff, { id: d.id, callbackUrl: hookUrl(d.code), ipWhitelist: ['127.0.0.1', '::1'] });
  // Every event from here on is due at a callback URL.
  const [{ last }] = await db.select({ last: sql<string>`coalesce(max(${outboxEvents.id}), 0)::text` }).from(outboxEvents);
  for (const d of mallRows) {
    await topUpDirectly(staff, { distributorId: d.id, amount: 1_000_000_000, note: '压测预存', requestKey: crypto.randomUUID() });
  }

  const like = async (sku: string) => (await db.select().from(products).where(eq(products.skuCode, sku)))[0];
  const made: SoakProduct[] = [];
  const platformModel = await like('DEMO-A');
  for (const [i, supply] of [990, 2590].entries()) {
    const row = await createPlatformProduct(staff, {
      skuCode: `SOAK-P${i + 1}`, title: `压测商品 自营 ${i + 1}`, categoryId: platformModel.categoryId, brandId: platformModel.brandId,
      attributes: [], images: [], detailImages: [], minQuantity: 1, freight: i * 500, stock: o.stock, costPrice: supply - 300, supplyPrice: supply, status: 'on_sale',
    });
    made.push({ id: row.id, skuCode: row.skuCode, owner: null });
  }
  for (const [username, modelSku, supply] of [['supplier1', 'S1-SNACK-001', 1890], ['supplier2', 'S2-SKIN-001', 4290]] as const) {
    const model = await like(modelSku);
    const [login] = await db.select({ id: users.id, supplierId: users.supplierId }).from(users).where(eq(users.username, username));
    const supplier = { db, actor: { kind: 'supplier' as const, userId: login.id, supplierId: login.supplierId! } };
    const draft = await createSupplierProduct(supplier, {
      skuCode: `SOAK-${username.toUpperCase()}`, title: `压测商品 ${username}`, categoryId: model.categoryId, brandId: model.brandId,
      attributes: [], images: [], detailImages: [], minQuantity: 1, freight: 0, stock: o.stock, costPrice: supply - 400, supplierCostPrice: null, submit: true,
    });
    await approveProduct(staff, { id: draft.id, submittedAt: draft.submittedAt!, supplyPrice: supply });
    made.push({ id: draft.id, skuCode: draft.skuCode, owner: username });
  }
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(suppliers);
  if (n < 2) throw new Error('the demo data has no suppliers');
  return { products: made, eventsFrom: Number(last) };
}

/** Tops a product back up to the starting stock when it runs low (staff adjust, a supplier sets). */
async function restock(list: SoakProduct[], read: (id: number) => Promise<{ stock: number }>, refill: (id: number, stock: number) => Promise<unknown>) {
  let n = 0;
  for (const p of list) {
    const { stock } = await read(p.id);
    if (stock >= 3) continue;
    await refill(p.id, stock);
    n++;
  }
  return n;
}

/**
 * After the load: unpaid orders expire (the workers sweep every few seconds) and the
 * callbacks still queued reach the receiver. Waits for both, within bounds.
 */
async function drain(db: Db, eventsFrom: number, received: Set<string>, o: SoakOptions) {
  const until = Date.now() + (o.paymentTimeoutSeconds + 4 * o.sweepIntervalSeconds + 60) * 1000;
  let pending = 0;
  for (;;) {
    [{ pending }] = await db.select({ pending: sql<number>`count(*)::int` }).from(orders).where(eq(orders.status, 'pending_payment'));
    const events = await dueEvents(db, eventsFrom);
    const undelivered = events.filter((e) => e.status !== 'delivered' || !received.has(e.eventId)).length;
    if ((pending === 0 && undelivered === 0) || Date.now() > until) return { pending, undelivered };
    await sleep(1000);
  }
}

async function runCheckCommand(url: string): Promise<{ code: number; out: string }> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, 'scripts/check.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/**
 * What the clients were told against what the database holds: every order they were told
 * was created exists with their items, in the state their last answer implies; no order of
 * theirs exists that they were not told of.
 */
async function compareWithDatabase(db: Db, record: MallRecord, codes: string[]) {
  const problems: string[] = [];
  const rows = await db
    .select({ orderNo: orders.orderNo, mallOrderNo: orders.mallOrderNo, status: orders.status, code: distributors.code, id: orders.id })
    .from(orders)
    .innerJoin(distributors, eq(distributors.id, orders.distributorId))
    .where(and(inArray(distributors.code, codes), sql`${orders.mallOrderNo} LIKE 'SOAK-%'`));
  const items = await db.select({ orderId: orderItems.orderId, productId: orderItems.productId, quantity: orderItems.quantity }).from(orderItems);
  const itemsOf = new Map<number, string>();
  for (const id of new Set(items.map((i) => i.orderId))) {
    itemsOf.set(id, JSON.stringify(items.filter((i) => i.orderId === id).map((i) => [i.productId, i.quantity]).sort()));
  }
  const byNo = new Map(rows.map((r) => [r.orderNo, r]));
  const toldNos = new Set(record.told.map((t) => t.orderNo));
  const counts = { created: record.told.length, paid: 0, cancelled: 0, refunded: 0, completed: 0, leftUnpaid: 0, matching: 0 };
  for (const t of record.told) {
    const row = byNo.get(t.orderNo);
    const says = (what: string) => problems.push(`order ${t.orderNo} (${t.mallOrderNo}): ${what}`);
    if (!row) {
      says('told created, not in the database');
      continue;
    }
    if (row.mallOrderNo !== t.mallOrderNo || row.code !== t.distributorCode) says(`is ${row.code} ${row.mallOrderNo} in the database`);
    if (itemsOf.get(row.id) !== JSON.stringify(t.items.map((i) => [i.productId, i.quantity]).sort())) says('its items differ from what was asked');
    const expected = t.refunded ? ['refunded'] : t.completed ? ['completed'] : t.cancelled ? ['cancelled'] : t.paid ? ['paid', 'shipped', 'completed'] : t.leftUnpaid ? ['expired'] : null;
    if (t.paid) counts.paid++;
    if (t.cancelled) counts.cancelled++;
    if (t.refunded) counts.refunded++;
    if (t.completed) counts.completed++;
    if (t.leftUnpaid) counts.leftUnpaid++;
    if (expected && !expected.includes(row.status)) says(`is ${row.status}, the client was told ${expected.join(' or ')}`);
    else counts.matching++;
  }
  for (const r of rows) if (!toldNos.has(r.orderNo)) problems.push(`order ${r.orderNo} (${r.mallOrderNo}) is in the database, but no client was told it was created`);
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return { problems, counts, byStatus };
}

/**
 * The events due at the malls' callback URLs: every one recorded since the URLs were set,
 * but those superseded while waiting (a newer stock figure of the same product replaced
 * them: outbox.ts), which are never sent.
 */
function dueEvents(db: Db, eventsFrom: number) {
  return db
    .select({ eventId: outboxEvents.eventId, status: outboxEvents.deliveryStatus, type: outboxEvents.type })
    .from(outboxEvents)
    .where(and(gt(outboxEvents.id, eventsFrom), sql`${outboxEvents.deliveryStatus} <> 'superseded'`));
}

type Receivers = { url(code: string): string; received: Set<string>; refused: string[]; repeats: number; otherIds: string[]; close(): Promise<void> };

/** The malls' callback endpoints (scripts/lib/mall-receiver.ts, standardwebhooks), one per demo distributor. */
async function startReceivers(malls: { code: string; webhookSecret: string }[]): Promise<Receivers> {
  const received = new Set<string>();
  const refused: string[] = [];
  // A callback's webhook-id is its event id, on every try: that is what a mall dedupes on.
  const otherIds: string[] = [];
  const sameId = (code: string, eventId: string, webhookId: string) => {
    if (webhookId !== eventId) otherIds.push(`${code} event ${eventId} came as webhook-id ${webhookId}`);
  };
  let repeats = 0;
  const started = await Promise.all(
    malls.map(async (d) => {
      const receiver = await startMallReceiver({
        secret: d.webhookSecret,
        onReceived: (r) => {
          if (!r.verified) return void refused.push(`${d.code} ${r.webhookId}: ${r.reason}`);
          received.add(r.event.id);
          sameId(d.code, r.event.id, r.webhookId);
        },
        onRepeat: (event, webhookId) => {
          repeats++;
          sameId(d.code, event.id, webhookId);
        },
      });
      return [d.code, receiver] as const;
    }),
  );
  const byCode = new Map(started);
  return {
    url: (code) => byCode.get(code)!.url,
    received,
    refused,
    get repeats() {
      return repeats;
    },
    otherIds,
    close: async () => void (await Promise.all(started.map(([, r]) => r.close()))),
  };
}

/** Every event due reached its mall's receiver, verified, under its own id; and how often the hub sent them. */
async function checkCallbacks(db: Db, eventsFrom: number, receiver: Receivers) {
  const events = await dueEvents(db, eventsFrom);
  const missing = events.filter((e) => !receiver.received.has(e.eventId));
  const notMarked = events.filter((e) => e.status !== 'delivered');
  const [{ accepted, superseded }] = await db
    .select({
      accepted: sql<number>`(SELECT count(*) FROM ${webhookDeliveries} w JOIN ${outboxEvents} e ON e.id = w.outbox_event_id WHERE e.id > ${eventsFrom} AND w.http_status BETWEEN 200 AND 299)::int`,
      superseded: sql<number>`(SELECT count(*) FROM ${outboxEvents} e WHERE e.id > ${eventsFrom} AND e.delivery_status = 'superseded')::int`,
    })
    .from(sql`(SELECT 1) one`);
  const problems = [
    ...missing.slice(0, 20).map((e) => `callback ${e.eventId} (${e.type}, ${e.status}) never reached its mall's receiver`),
    ...(missing.length > 20 ? [`… and ${missing.length - 20} more callbacks missing`] : []),
    ...(notMarked.length ? [`${notMarked.length} events due are not marked delivered`] : []),
    ...receiver.refused.slice(0, 20).map((r) => `a receiver refused a callback: ${r}`),
    ...receiver.otherIds.slice(0, 20),
  ];
  const byType: Record<string, number> = {};
  for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1;
  return { problems, figures: { due: events.length, received: events.length - missing.length, repeats: receiver.repeats, deliveries: accepted, superseded, refused: receiver.refused.length, byType } };
}
