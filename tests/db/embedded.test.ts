import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectPostgres } from '@/server/db/connect';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@/server/db/embedded';

const asRoot = process.getuid?.() === 0;

describe('the embedded database', () => {
  it('keeps its data across restarts and knows when it was created', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-restart-'));
    fs.chmodSync(dataDir, 0o755); // mkdtemp makes it 700: let the server user in, no relocation
    try {
      const first = await startEmbeddedPostgres({ dataDir, database: 'hub' });
      expect(first.created).toBe(true);
      // The app is handed the Unix socket (libpq's ?host=/dir form), not loopback TCP.
      expect(new URL(first.url).searchParams.get('host')).toBe(fs.realpathSync(path.join(dataDir, 'pg')));
      const sql = connectPostgres(first.url, { max: 1, onnotice: () => {} });
      expect((await sql`select inet_server_addr() is null as unix`)[0].unix).toBe(true);
      await sql`create table kept (v int)`;
      await sql`insert into kept values (42)`;
      await sql.end();
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir, database: 'hub' });
      expect(second.created).toBe(false);
      const again = connectPostgres(second.url, { max: 1, onnotice: () => {} });
      expect((await again`select v from kept`)[0].v).toBe(42);
      await again.end();
      await second.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  // As root the server runs as the `postgres` user, who cannot enter a folder closed to
  // others (mode 700, like a home directory): the cluster then lives in /var/lib, linked.
  it.runIf(asRoot)('starts from inside a folder closed to others (mode 700)', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-home-'));
    fs.chmodSync(home, 0o700);
    const dataDir = path.join(home, 'project', '.data');
    try {
      const pg = await startEmbeddedPostgres({ dataDir, database: 'hub', ephemeral: true });
      const sql = connectPostgres(pg.url, { max: 1, onnotice: () => {} });
      expect((await sql`select 1 as ok`)[0].ok).toBe(1);
      await sql.end();
      const link = fs.lstatSync(path.join(dataDir, 'pg'));
      expect(link.isSymbolicLink()).toBe(true);
      const target = fs.readlinkSync(path.join(dataDir, 'pg'));
      expect(target.startsWith('/var/lib/supply-hub/')).toBe(true);
      expect(fs.existsSync(path.join(target, 'PG_VERSION'))).toBe(true);
      await pg.stop();
      // A throwaway cluster leaves nothing behind in /var/lib.
      expect(fs.existsSync(target)).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
