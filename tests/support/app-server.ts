import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { freePort } from '../../src/server/db/embedded';
import { buildIsCurrent, ensureBuild } from '../../scripts/lib/ensure-build';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LOCK = path.join(ROOT, '.next-build.lock');

/** Builds the app once for the whole run: parallel test files wait for the first to finish. */
async function ensureBuildOnce() {
  for (;;) {
    if (buildIsCurrent(ROOT)) return;
    try {
      fs.mkdirSync(LOCK);
    } catch {
      // Another test file is building (or a crashed run left the lock: take it after 10 min).
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) fs.rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      if (!buildIsCurrent(ROOT)) ensureBuild(ROOT, () => {});
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

export type AppServer = { baseUrl: string; port: number; output: () => string; stop(): Promise<void> };

/**
 * Starts the real app (`npm start`'s script, production build) on the test file's own
 * database, on a free port. The worker is off unless `env.RUN_WORKER` says otherwise.
 */
export async function startAppServer(options: { env?: Record<string, string> } = {}): Promise<AppServer> {
  await ensureBuildOnce();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-hub-e2e-'));
  const baseUrl = `http://localhost:${port}`;
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  // APP_NODE_ARGS replaces the tsx launcher with node flags of one's own, e.g. to profile the
  // server under a benchmark: APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof --import tsx".
  const launcher = process.env.APP_NODE_ARGS ? process.env.APP_NODE_ARGS.split(' ') : [tsx];
  const child: ChildProcess = spawn(process.execPath, [...launcher, 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NEXTAUTH_URL: baseUrl,
      PUBLIC_BASE_URL: baseUrl,
      RUN_WORKER: 'false',
      ALLOW_PRIVATE_CALLBACK_URLS: 'true',
      NODE_ENV: 'production',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The app did not start within 120 s:\n${output}`)), 120_000);
    const check = () => {
      if (output.includes('ready on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The app exited (${code}) while starting:\n${output}`));
    });
  });
  return {
    baseUrl,
    port,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
