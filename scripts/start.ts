/**
 * `npm start` (and `npm run dev` with --dev): the whole app in one process.
 * 1. The database: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR, started here and
 *    stopped with this process.
 * 2. Migrations; on a new embedded database, the demo data, whose logins are printed.
 * 3. A production build when there is none or the sources changed (not with --dev).
 * 4. The background worker (unless RUN_WORKER=false) and the HTTP server on PORT.
 */
import http from 'node:http';
import { clientIpFrom } from '@/lib/ip';
import { randomToken } from '@/lib/crypto';
import { env } from '@/server/config/env';
import { ensureAppSecrets } from '@/server/config/secrets';
import { createDb } from '@/server/db/client';
import { migrateDatabase } from '@/server/db/migrate';
import { acquireDataDirLock, openDatabase } from '@/server/db/runtime';
import { isDatabaseEmpty, printCredentials, readSavedCredentials, seedDemoData } from '@/server/db/seed';
import { CLIENT_IP_HEADER, INTERNAL_TOKEN_HEADER } from '@/server/http/client-ip';
import { REQUEST_TARGET_HEADER } from '@/server/http/request-target';
import { securityHeadersSetter } from '@/server/http/security-headers';
import { startWorker } from '@/server/jobs/worker';
import { ensureBuild } from './lib/ensure-build';

const dev = process.argv.includes('--dev');
// `next start` sets this itself; a custom server must, before Next.js loads (it picks
// production or development builds of its internals by it).
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? (dev ? 'development' : 'production') });

async function main() {
  const dataDir = env.dataDir;
  if (!process.env.DATABASE_URL) acquireDataDirLock(dataDir);
  ensureAppSecrets(dataDir);

  const database = await openDatabase(dataDir);
  const shutdownSteps: (() => Promise<void>)[] = [() => database.stop()];
  installShutdown(shutdownSteps);

  await migrateDatabase(database.url);
  const db = createDb(database.url, { max: 2, applicationName: 'supply-hub-start' });
  if (database.embedded && (await isDatabaseEmpty(db))) {
    console.log('New database: writing the demo data…');
    await seedDemoData(db, { dataDir, log: () => {} });
  }
  await db.$client.end();

  if (!dev) ensureBuild();

  if (env.runWorker) {
    const worker = await startWorker(database.url);
    shutdownSteps.unshift(() => worker.stop());
  }

  // Route handlers cannot see the socket: pass the client address in a header, with a
  // token only this process knows, so that a client cannot forge it (server/http/client-ip.ts).
  process.env.HUB_INTERNAL_TOKEN = randomToken();
  const { default: next } = await import('next');
  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port: env.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // The open API (and the health route) past Next.js, through the same route handlers (server/open-api/direct.ts);
  // in dev, Next.js serves them so that edits reload.
  const openApi = dev ? null : await import('@/server/open-api/direct');
  const origin = `http://localhost:${env.port}`;
  const trustedProxies = env.trustedProxies;
  const setSecurityHeaders = securityHeadersSetter({ dev, publicBaseUrl: env.publicBaseUrl });
  const server = http.createServer((req, res) => {
    setSecurityHeaders(req, res);
    const ip = clientIpFrom(req.socket.remoteAddress ?? '', headerValue(req.headers['x-forwarded-for']), trustedProxies);
    req.headers[CLIENT_IP_HEADER] = ip;
    req.headers[INTERNAL_TOKEN_HEADER] = process.env.HUB_INTERNAL_TOKEN;
    req.headers[REQUEST_TARGET_HEADER] = req.url; // signed requests cover the target exactly as sent
    req.headers['x-forwarded-for'] = ip;
    if (openApi?.isOpenApiPath(req.url ?? '')) void openApi.serveOpenApi(req, res, origin);
    else void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(env.port, env.host, resolve));
  shutdownSteps.unshift(
    () => new Promise<void>((resolve) => server.close(() => resolve())),
  );
  // The logins last, so that they are the first thing a new user sees.
  const saved = database.embedded ? readSavedCredentials(dataDir) : null;
  if (saved) printCredentials(saved.credentials, saved.file);
  console.log(`Supply hub ${dev ? '(dev) ' : ''}ready on http://localhost:${env.port}  (sign in at http://localhost:${env.port}/login)`);
}

function headerValue(value: string | string[] | undefined) {
  return Array.isArray(value) ? value.join(',') : value;
}

function installShutdown(steps: (() => Promise<void>)[]) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down…`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    for (const step of steps) await step().catch((e) => console.error(e));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
