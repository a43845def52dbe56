import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '@/server/db/connect';
import { distributors, outboxEvents } from '@/server/db/schema';
import { rescueJobsOfDeadWorkers } from '@/server/jobs/liveness';
import { postLedgerEntry } from '@/server/domain/wallet/ledger';
import { startWorkerProcess, type StartedProcess } from '@tests/support/app-server';
import { testDb } from '@tests/support/db';
import { createDistributorAccount } from '@tests/support/factories';

/**
 * A worker killed in the middle of a job (SIGKILL to its process group, as a crash or an
 * OOM kill would) does not hold that job for graphile-worker's 4 hours: the other workers
 * see that its session is gone and give the job back, and the callback it was sending
 * reaches the mall. A live worker's job is never taken from it.
 */
describe('jobs of a killed worker', () => {
  const started: StartedProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
  });

  it('a callback in flight when its worker was killed is given back and delivered by another worker', async () => {
    const db = testDb();
    // The mall's endpoint: the first delivery hangs (the worker is killed meanwhile), later ones succeed.
    const requests: string[] = [];
    let firstArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    const mall = http.createServer((req, res) => {
      req.resume();
      requests.push(String(req.headers['webhook-id']));
      if (requests.length === 1) return firstArrived();
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => mall.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(mall.address() as AddressInfo).port}/hook`;
    const sql = connectPostgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const d = await createDistributorAccount(db);
      await db.update(distributors).set({ callbackUrl: url }).where(eq(distributors.id, d.distributorId));
      // A posting tells the mall (balance.changed), and queues its delivery, in its transaction.
      await db.transaction((tx) => postLedgerEntry(tx, { distributorId: d.distributorId, kind: 'topup', amount: 100, ref: 'test:liveness' }));
      const [event] = await db.select().from(outboxEvents).where(eq(outboxEvents.distributorId, d.distributorId));

      const env = { ALLOW_PRIVATE_CALLBACK_URLS: 'true' };
      const first = await startWorkerProcess({ env, processGroup: true });
      started.push(first);
      await arrived;
      // Alive, it keeps its job, however long the job takes (no grace asked for here).
      expect(await rescueJobsOfDeadWorkers(sql, 0)).toEqual({ jobs: 0, workers: [] });

      first.kill('SIGKILL');
      await first.exited;
      const second = await startWorkerProcess({ env, processGroup: true });
      started.push(second);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const [row] = await db.select({ status: outboxEvents.deliveryStatus }).from(outboxEvents).where(eq(outboxEvents.id, event.id));
        if (row.status === 'delivered') break;
        if (Date.now() > deadline) throw new Error(`not delivered (${row.status}); second worker said:\n${second.output()}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      // At least once, under the same id: the killed worker's try, then the one given back.
      expect(requests).toEqual([event.eventId, event.eventId]);
      // The delivery, and whatever else the killed worker held (a start-up sweep, on a slow machine).
      expect(second.output()).toMatch(/gave back \d+ jobs? of stopped workers? worker-[0-9a-f]+/);
    } finally {
      await sql.end();
      mall.closeAllConnections();
      await new Promise<void>((resolve) => mall.close(() => resolve()));
    }
  }, 120_000);
});
