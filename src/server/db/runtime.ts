import fs from 'node:fs';
import path from 'node:path';
import { isAlive, startEmbeddedPostgres } from './embedded';

export type OpenedDatabase = {
  url: string;
  /** True when this process started the embedded server (no DATABASE_URL). */
  embedded: boolean;
  /** True when the embedded cluster was created by this start. */
  created: boolean;
  stop(): Promise<void>;
};

/**
 * The database the app runs on: DATABASE_URL when set, otherwise the embedded server
 * whose data lives in DATA_DIR. Sets DATABASE_URL for everything that runs after.
 */
export async function openDatabase(dataDir: string, log: (line: string) => void = console.log): Promise<OpenedDatabase> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, created: false, stop: async () => {} };
  }
  const started = Date.now();
  const pg = await startEmbeddedPostgres({ dataDir, database: 'supply_hub' });
  log(`Embedded PostgreSQL ${pg.created ? 'created and ' : ''}started in ${Date.now() - started} ms (data: ${path.join(dataDir, 'pg')})`);
  process.env.DATABASE_URL = pg.url;
  return { url: pg.url, embedded: true, created: pg.created, stop: () => pg.stop() };
}

/**
 * Only one app process may own an embedded database. A lock file with our pid keeps a
 * second `npm start` on the same DATA_DIR from stopping the first one's server.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'app.pid');
  if (fs.existsSync(file)) {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Another app process (pid ${pid}) is using ${dataDir}. Stop it, or set DATA_DIR to another folder.`);
    }
  }
  fs.writeFileSync(file, String(process.pid));
  const release = () => {
    try {
      if (Number(fs.readFileSync(file, 'utf8')) === process.pid) fs.rmSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}

