/**
 * Fuzzing every tRPC input schema (every procedure of every router, read from the routers):
 * near-valid inputs with hostile values at every depth, and plain garbage, sent by a
 * caller of the procedure's own portal. Whatever comes in, the answer is never an
 * internal error, and a refused call writes nothing (the tables are compared around each
 * call, inside a transaction that is then rolled back).
 *
 * Deterministic: each procedure has its own fixed seed, so a failure is reproduced by
 * running the file again; fast-check prints the shrunk counterexample.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { TransactionRollbackError } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import type { SessionIdentity } from '@/server/domain/accounts/session';
import { hostileArbitrary, validArbitrary } from '@tests/support/json-schema';
import { callProcedure, outcomeOf, procedures, type Outcome } from '@tests/support/procedures';
import { changes, describeChanges, snapshot, type Snapshot } from '@tests/support/snapshot';
import { twoTenants, type TwoTenants } from './world';

const RUNS = 12;
const all = procedures().filter((p) => p.input);

/** A seed per procedure: the same inputs every run, different ones for each procedure. */
const seedOf = (path: string) => createHash('sha256').update(path).digest().readInt32BE(0);

describe('fuzzing every tRPC input: never an internal error, never a partial write', () => {
  let w: TwoTenants;
  const as: Record<string, SessionIdentity> = {};
  beforeAll(async () => {
    w = await twoTenants();
    Object.assign(as, { admin: w.staff.identity, supplier: w.A.supplier.identity, distributor: w.A.distributor.identity, account: w.A.supplier.identity });
    baseline = await snapshot(w.db);
  }, 300_000);

  /**
   * The call inside a transaction rolled back afterwards, and what it changed if it was
   * refused: every call starts from the same tables, so one snapshot taken before them all
   * is the one to compare with.
   */
  let baseline: Snapshot;
  async function tryInput(identity: SessionIdentity, path: string, input: unknown) {
    let result: { outcome: Outcome | { crashed: string }; changed: ReturnType<typeof changes> } | undefined;
    try {
      await w.db.transaction(async (tx) => {
        const outcome = await outcomeOf(() => callProcedure(tx as unknown as Db, identity, path, input)).catch((e: unknown) => ({ crashed: String(e) }));
        const refused = 'crashed' in outcome || !outcome.ok;
        result = { outcome, changed: refused ? changes(baseline, await snapshot(tx)) : [] };
        tx.rollback();
      });
    } catch (e) {
      // A call that left the transaction aborted (a failed statement outside a savepoint) is caught here too.
      if (!(e instanceof TransactionRollbackError)) throw e;
    }
    return result!;
  }

  for (const p of all) {
    it(p.path, async () => {
      const input = fc.oneof({ arbitrary: hostileArbitrary(p.input!), weight: 4 }, { arbitrary: validArbitrary(p.input!), weight: 1 }, { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 });
      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          const { outcome, changed } = await tryInput(as[p.portal], p.path, value);
          expect('crashed' in outcome ? outcome.crashed : null, 'threw something other than a tRPC error').toBeNull();
          const o = outcome as Outcome;
          expect(o.ok || o.code, o.ok ? '' : o.message).not.toBe('INTERNAL_SERVER_ERROR');
          if (!o.ok) expect(changed, `refused (${o.code}) yet wrote:\n${describeChanges(changed)}`).toEqual([]);
        }),
        { numRuns: RUNS, seed: seedOf(p.path), endOnFailure: false },
      );
    });
  }
});
