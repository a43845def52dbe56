import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ledgerEntries, wallets } from '@/server/db/schema';
import { testDb } from '@tests/support/db';
import { createDistributorAccount } from '@tests/support/factories';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

/** Runs `npm run check:ledger`'s script against this file's database. */
async function checkLedger(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, 'scripts/check-ledger.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('npm run check:ledger', () => {
  it('passes a consistent ledger, then names each kind of mismatch and exits non-zero', async () => {
    const db = testDb();
    const healthy = await createDistributorAccount(db, { balance: 10_000 });
    const drifted = await createDistributorAccount(db, { balance: 5_000 });
    const broken = await createDistributorAccount(db, { balance: 3_000 });

    const ok = await checkLedger();
    expect(ok.out).toContain('Ledger OK');
    expect(ok.code).toBe(0);

    // A balance changed without an entry (what a hand-written UPDATE would do).
    await db.update(wallets).set({ balance: sql`${wallets.balance} + 1` }).where(eq(wallets.distributorId, drifted.distributorId));
    // An entry whose balance_after does not follow from the one before (the wallet kept in step with it).
    await db.insert(ledgerEntries).values({ distributorId: broken.distributorId, kind: 'adjustment', amount: 100, balanceAfter: 3_200, ref: 'adjust:broken' });
    await db.update(wallets).set({ balance: 3_200 }).where(eq(wallets.distributorId, broken.distributorId));

    const bad = await checkLedger();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`${drifted.code} (id ${drifted.distributorId}): balance 50.01, but its 1 ledger entry sums to 50.00`);
    expect(bad.out).toMatch(new RegExp(`${broken.code} \\(id ${broken.distributorId}\\): ledger entry \\d+ has balance_after 32.00, expected 31.00`));
    // The broken chain also leaves that balance off the sum.
    expect(bad.out).toContain(`${broken.code} (id ${broken.distributorId}): balance 32.00, but its 2 ledger entries sum to 31.00`);
    expect(bad.out).not.toContain(healthy.code + ' ');
  }, 60_000);
});
