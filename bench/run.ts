/**
 * `npm run bench`: every benchmark in one go, each figure beside its goal, written into
 * BENCHMARKS.md. One embedded PostgreSQL with durable settings (as `npm start` runs it) in
 * a temporary folder, the demo data, then:
 * 1. hot     signed orders on one product against pgbench's one-row decrement (bench/hot-product.ts)
 * 2. catalog full and incremental sync, signed reads, the app's memory (bench/catalog.ts)
 * 3. list    the staff product list over the same pool (bench/product-list.ts)
 * `npm run bench -- hot list` runs only those. BENCH_PRODUCTS sets the pool (default 100,000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureAppSecrets } from '@/server/config/secrets';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { startAppServer, type AppServer } from '../tests/support/app-server';
import { catalogBench } from './catalog';
import { seedCatalog } from './catalog-seed';
import type { BenchEnv } from './env';
import { hotProductBench } from './hot-product';
import { describeMachine, postgresPids, processTree } from './lib/machine';
import { writeReport, type Section } from './lib/report';
import { productListBench } from './product-list';

const PARTS = ['hot', 'catalog', 'list'] as const;
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);

const asked = process.argv.slice(2).filter((a) => (PARTS as readonly string[]).includes(a));
const parts = new Set(asked.length ? asked : PARTS);
const started = Date.now();
const startLoad = os.loadavg();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-hub-bench-'));
// mkdtemp makes it 700: as root, PostgreSQL runs as its own user, who must reach the cluster
// inside it (otherwise it is relocated under /var/lib and outlives the run).
fs.chmodSync(dataDir, 0o755);
console.log(`npm run bench: ${[...parts].join(', ')} (data in ${dataDir})`);
// The app servers started below read the same secrets from DATA_DIR.
ensureAppSecrets(dataDir);
const pg = await startEmbeddedPostgres({ dataDir, database: 'supply_hub' });
const servers = new Set<AppServer>();
const sections: Section[] = [];
const cleanUp = async () => {
  for (const server of servers) await server.stop();
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
};
// Interrupted: stop the app servers and the database, and leave no folder behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
try {
  await migrateDatabase(pg.url);
  const db = createDb(pg.url, { max: 2 });
  const creds = await seedDemoData(db, { dataDir, log: () => {} });
  await db.$client.end();
  process.env.DATABASE_URL = pg.url;
  const env: BenchEnv = {
    url: pg.url,
    creds,
    async startApp(extra = {}) {
      const server = await startAppServer({ env: { ALLOW_PRIVATE_CALLBACK_URLS: 'false', ...extra } });
      servers.add(server);
      const stop = server.stop.bind(server);
      server.stop = async () => {
        servers.delete(server);
        await stop();
      };
      return server;
    },
    ours: () => [...processTree(process.pid), ...[...servers].flatMap((s) => (s.pid ? processTree(s.pid) : [])), ...postgresPids(pg.pid)],
  };

  if (parts.has('hot')) sections.push(await hotProductBench(env));
  if (parts.has('catalog') || parts.has('list')) {
    const seedDb = createDb(pg.url, { max: 2 });
    const t0 = performance.now();
    const catalog = await seedCatalog(seedDb, PRODUCTS);
    await seedDb.$client.end();
    console.log(`Seeded ${PRODUCTS} products in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (parts.has('catalog')) sections.push(await catalogBench(env, catalog));
    if (parts.has('list')) sections.push(await productListBench(env, catalog, PRODUCTS));
  }
} finally {
  await cleanUp();
}

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const endLoad = os.loadavg();
writeReport(sections, [
  `Last run: ${new Date().toISOString()}, \`npm run bench${asked.length ? ` -- ${asked.join(' ')}` : ''}\` (${minutes} min${parts.size < PARTS.length ? '; a partial run' : ''}).`,
  `Machine: ${describeMachine()}; embedded PostgreSQL 18 with durable settings, as \`npm start\` runs it.`,
  `Load average (1 min) at the start ${startLoad[0].toFixed(1)}, at the end ${endLoad[0].toFixed(1)}; each section says how busy the cores were meanwhile, and how much of that was other work.`,
]);
