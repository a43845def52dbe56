/**
 * `npm run check:ledger`: verifies for every distributor that its balance equals the sum
 * of its ledger entries and that each entry's balance_after follows from the one before.
 * Prints every mismatch and exits 1 when there is any (DATABASE_URL, or the embedded one).
 */
import { env } from '@/server/config/env';
import { createDb } from '@/server/db/client';
import { acquireDataDirLock, openDatabase } from '@/server/db/runtime';
import { describeMismatch, findLedgerMismatches } from '@/server/domain/wallet/check';

if (!process.env.DATABASE_URL) acquireDataDirLock(env.dataDir);
const database = await openDatabase(env.dataDir, () => {});
const db = createDb(database.url, { max: 1, applicationName: 'check-ledger' });
try {
  if (database.created) {
    console.log(`No database in ${env.dataDir} yet: nothing to check.`);
  } else {
    const mismatches = await findLedgerMismatches(db);
    if (mismatches.length === 0) {
      console.log('Ledger OK: every balance equals the sum of its entries, and every balance_after chain holds.');
    } else {
      console.error(`Ledger mismatches (${mismatches.length}):`);
      for (const m of mismatches) console.error(`  ${describeMismatch(m)}`);
      process.exitCode = 1;
    }
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
} finally {
  await db.$client.end();
  await database.stop();
}
