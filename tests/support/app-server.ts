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
export async function ensureBuildOnce() {
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

export type StartedProcess = {
  pid: number;
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Sends a signal to the process, or to its whole process group when started with `processGroup`. */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, and waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
};

/**
 * Runs a script of the repo with tsx (`args` after the launcher), and resolves once its
 * output shows `ready`. With `processGroup`, the process leads a process group of its own,
 * so that kill() reaches everything it started (tsx runs the script in a child process).
 */
export async function startProcess(options: { args: string[]; env: NodeJS.ProcessEnv; ready: string; name: string; processGroup?: boolean; timeoutMs?: number }): Promise<StartedProcess> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  // APP_NODE_ARGS replaces the tsx launcher with node flags of one's own, e.g. to profile the
  // server under a benchmark: APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof --import tsx".
  const launcher = process.env.APP_NODE_ARGS ? process.env.APP_NODE_ARGS.split(' ') : [tsx];
  const child: ChildProcess = spawn(process.execPath, [...launcher, ...options.args], {
    cwd: ROOT,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.processGroup ?? false,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (options.processGroup) process.kill(-child.pid!, signal);
      else child.kill(signal);
    } catch {
      // already gone
    }
  };
  const timeoutMs = options.timeoutMs ?? 120_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      kill('SIGKILL');
      reject(new Error(`${options.name} did not start within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const check = () => {
      if (output.includes(options.ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${code}) while starting:\n${output}`));
    });
  });
  return {
    pid: child.pid!,
    output: () => output,
    exited,
    kill,
    async stop(graceMs = 15_000) {
      const force = setTimeout(() => kill('SIGKILL'), graceMs);
      kill('SIGTERM');
      await exited;
      clearTimeout(force);
      // Whatever the group leader left behind.
      if (options.processGroup) kill('SIGKILL');
    },
  };
}

export type AppServer = StartedProcess & { baseUrl: string; port: number };

/**
 * Starts the real app (`npm start`'s script, production build) on the test file's own
 * database, on a free port (or `port`). The worker is off unless `env.RUN_WORKER` says
 * otherwise.
 */
export async function startAppServer(options: { env?: Record<string, string>; port?: number; processGroup?: boolean } = {}): Promise<AppServer> {
  await ensureBuildOnce();
  const port = options.port ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-hub-e2e-'));
  const baseUrl = `http://localhost:${port}`;
  const started = await startProcess({
    name: 'The app',
    args: ['scripts/start.ts'],
    ready: 'ready on',
    processGroup: options.processGroup,
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
  }).catch((e: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  void started.exited.then(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { ...started, baseUrl, port };
}

/** `npm run worker` as a process of its own (on DATABASE_URL of `env`, else the test file's database). */
export function startWorkerProcess(options: { env?: Record<string, string | undefined>; processGroup?: boolean } = {}): Promise<StartedProcess> {
  return startProcess({ name: 'The worker', args: ['src/server/jobs/run-worker.ts'], ready: 'Worker running.', env: { ...process.env, ...options.env }, processGroup: options.processGroup });
}

/**
 * Signs in over HTTP the way next-auth's client does. `error` is the code the login page
 * words ('OK' when signed in); `cookies` are the Set-Cookie lines of the answer.
 */
export async function httpSignIn(baseUrl: string, username: string, password: string, headers: Record<string, string> = {}) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-auth-return-redirect': '1' },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: '/', json: 'true' }),
  });
  const { url } = (await res.json()) as { url: string };
  return { error: new URL(url).searchParams.get('error') ?? 'OK', cookies: res.headers.getSetCookie() };
}
