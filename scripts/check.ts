/**
 * `npm run check` (and its older name `npm run check:ledger`): verifies every invariant of
 * the hub on a live database (DATABASE_URL, or the embedded one of DATA_DIR) in one
 * snapshot: stock, balances and ledger, orders, supplier earnings and bills, outbox events
 * (src/server/domain/invariants). Prints each breach with the records involved; exits 1
 * when there is any, 2 when the check itself could not run.
 */
import { env } from '@/server/config/env';
import { createDb } from '@/server/db/client';
import { acquireDataDirLock, openDatabase } from '@/server/db/runtime';
import { checkInvariants, describeBreach, INVARIANT_RULES } from '@/server/domain/invariants';

if (!process.env.DATABASE_URL) acquireDataDirLock(env.dataDir);
const database = await openDatabase(env.dataDir, () => {});
const db = createDb(database.url, { max: 1, applicationName: 'supply-hub-check' });
try {
  if (database.created) {
    console.log(`No database in ${env.dataDir} yet: nothing to check.`);
  } else {
    const report = await checkInvariants(db);
    const broken = new Set(report.breaches.map((b) => b.rule));
    for (const rule of report.rules) console.log(`${broken.has(rule) ? 'BREACH' : 'ok    '} ${rule}: ${INVARIANT_RULES[rule]}`);
    if (report.breaches.length === 0) {
      console.log(`All ${report.rules.length} invariants hold (snapshot of ${report.checkedAt.toISOString()}).`);
    } else {
      console.error(`\n${report.breaches.length} ${report.breaches.length === 1 ? 'breach' : 'breaches'} (snapshot of ${report.checkedAt.toISOString()}):`);
      for (const breach of report.breaches) for (const line of describeBreach(breach)) console.error(`  ${line}`);
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
