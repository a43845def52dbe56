import { describe, expect, it } from 'vitest';
import { INVARIANT_RULES } from '@/server/domain/invariants';
import { runSoak } from '../../bench/soak/run';

/**
 * `npm run soak`, short: two app servers and two workers on this test file's database,
 * both demo malls ordering shared products of small stock for 18 s, staff and suppliers
 * shipping through their portals, one app server and one worker SIGKILLed halfway and
 * started again. Nothing may be wrong afterwards: `npm run check` passes, every callback
 * due reached its mall, and the clients' record is the database's.
 */
describe('the soak, short', () => {
  it('survives a killed app server and worker with every invariant, callback and client record intact', async () => {
    const lines: string[] = [];
    const result = await runSoak({
      databaseUrl: process.env.DATABASE_URL,
      durationMs: 18_000,
      paymentTimeoutSeconds: 6,
      sweepIntervalSeconds: 1,
      clientsPerDistributor: 2,
      stock: 12,
      poolSize: 5,
      log: (line) => lines.push(line),
    });
    const f = result.figures;
    expect(result.problems, `${lines.join('\n')}\n${result.markdown}`).toEqual([]);
    expect(f.invariants).toEqual({ rules: Object.keys(INVARIANT_RULES).length, breaches: 0, checkExit: 0 });
    // The load really ran, through the kill: orders went every way, and malls heard of them.
    expect(f.client.created).toBeGreaterThan(5);
    expect(f.client.paid).toBeGreaterThan(0);
    expect(f.client.matching).toBe(f.client.created);
    expect(f.kill.serverBackAfterMs).toBeGreaterThan(0);
    expect(f.callbacks.received).toBe(f.callbacks.due);
    expect(f.callbacks.due).toBeGreaterThan(f.client.created);
    expect(Object.keys(f.ordersByStatus).length).toBeGreaterThanOrEqual(3);
  }, 600_000);
});
