/**
 * The tenant matrix of the portals, generated from the routers: every procedure of the
 * supplier and distributor routers is called as tenant A with tenant B's real ids (and
 * shared ones), and must answer exactly as it does for an id that does not exist — for
 * a lookup, NOT_FOUND — while nothing of B changes and none of B's text comes back.
 *
 * Which input fields name records is found out, not listed: a field named like an id
 * (`id`, `…Id(s)`, `…No(s)`, `…Code`) is tried with each of B's ids, and B itself is asked
 * (in a transaction that is rolled back) which of them are real to it: those whose answer
 * differs from a nonexistent id's. A procedure with such a field that no id of B's or of
 * everyone's opens fails the matrix, naming the field: the world (./world.ts) lacks the
 * record, and must be given one. Nothing here names a procedure.
 *
 * Every call runs in a transaction that is rolled back after the tables are compared, so
 * the world stays as built for the next procedure.
 */
import { TransactionRollbackError } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/server/db/client';
import type { SessionIdentity } from '@/server/domain/accounts/session';
import { fieldPaths, setAt, twinOf } from '@tests/support/fields';
import { sampleOf } from '@tests/support/json-schema';
import { callProcedure, outcomeOf, probe, procedures, type Outcome, type Procedure } from '@tests/support/procedures';
import { belongsTo, changes, describeChanges, snapshot, type Change } from '@tests/support/snapshot';
import { findReferences, NAMES_A_RECORD } from './references';
import { spreadIdSequences, twoTenants, type TwoTenants } from './world';

const PORTALS = ['supplier', 'distributor'] as const;
const all = procedures().filter((p) => (PORTALS as readonly string[]).includes(p.portal));

type Attack = { input: unknown; outcome: Outcome; changed: Change[] };

describe('tenant matrix: every supplier and distributor procedure, as another tenant', () => {
  let w: TwoTenants;
  beforeAll(async () => {
    await spreadIdSequences();
    w = await twoTenants();
  }, 300_000);

  const identity = (side: 'A' | 'B', portal: string): SessionIdentity => (portal === 'supplier' ? w[side].supplier.identity : w[side].distributor.identity);

  /** Calls as `who` inside a rolled-back transaction, with the tables compared around the call. */
  async function attack(who: SessionIdentity, path: string, input: unknown): Promise<Attack> {
    let result: Attack | undefined;
    try {
      await w.db.transaction(async (tx) => {
        const db = tx as unknown as Db;
        const before = await snapshot(tx);
        const outcome = await outcomeOf(() => callProcedure(db, who, path, input));
        result = { input, outcome, changed: changes(before, await snapshot(tx)) };
        tx.rollback();
      });
    } catch (e) {
      if (!(e instanceof TransactionRollbackError)) throw e;
    }
    return result!;
  }

  /** An answer with `from` written as `to`, to compare answers to different ids. */
  const normalized = (o: Outcome, from: unknown, to: unknown) => {
    const text = JSON.stringify(o.ok ? { ok: true, value: o.value ?? null } : { ok: false, code: o.code, domain: o.domain });
    return typeof from === 'string' ? text.split(from).join(String(to)) : text;
  };

  /** B's text in an answer, apart from what the caller itself sent. */
  const leaked = (o: Outcome, input: unknown, portal: string) => {
    if (!o.ok) return [];
    const text = JSON.stringify(o.value ?? null);
    const sent = JSON.stringify(input ?? null);
    return w.B.markers[portal as (typeof PORTALS)[number]].filter((m) => m && text.includes(m) && !sent.includes(m));
  };

  /** What A may change of its own is its own business; B's rows, and anything at all on a refusal, must stay. */
  function expectHarmless(p: Procedure, a: Attack, label: string) {
    expect(leaked(a.outcome, a.input, p.portal), `${label}: B's text in A's answer`).toEqual([]);
    const ofB = a.changed.filter((c) => belongsTo(c, w.B.tenant));
    expect(ofB, `${label}: changed B's rows\n${describeChanges(ofB)}`).toEqual([]);
    if (!a.outcome.ok || p.type === 'query') expect(a.changed, `${label}: a refused call (or a query) changed rows\n${describeChanges(a.changed)}`).toEqual([]);
  }

  for (const p of all) {
    it(`${p.path}`, async () => {
      const attacker = identity('A', p.portal);
      const owner = identity('B', p.portal);
      const base = p.input ? sampleOf(p.input, p.input, w.samples) : undefined;

      // Every call A can make, whatever the input: nothing of B's comes back or changes.
      const plain = await attack(attacker, p.path, base);
      expect(plain.outcome.ok || !plain.outcome.input, `${p.path}: the generator's sample input ${JSON.stringify(base)} was refused by the schema: ${(plain.outcome as { message?: string }).message}`).toBe(true);
      expectHarmless(p, plain, `${p.path}(${JSON.stringify(base)})`);
      if (!p.input) return;

      const ofB = w.B.ids[p.portal as (typeof PORTALS)[number]];
      const { references, unresolved } = await findReferences({
        // Id-like fields, and for a query every free text field too (a search may find B's).
        fields: fieldPaths(p.input).filter((f) => NAMES_A_RECORD.test(f.name) || (p.type === 'query' && f.leaf.type === 'string' && !f.leaf.enum && !f.leaf.format)),
        base,
        candidates: (f) => (f.leaf.type === 'string' ? { owner: ofB.strings, shared: w.shared.strings } : { owner: ofB.numbers, shared: w.shared.numbers }),
        valid: (input) => p.parser!.safeParse(input).success,
        asOwner: async (input, f, v) => {
          const answer = await probe(w.db, owner, p.path, input);
          return { key: normalized(answer, v, '\u0000'), notFound: !answer.ok && answer.code === 'NOT_FOUND', badInput: !answer.ok && answer.input };
        },
      });
      expect(
        unresolved.map((f) => f.key),
        `${p.path}: B gets NOT_FOUND for these fields with every id of B's and of everyone's — the world (tests/security/world.ts) has no record they name; give both tenants one`,
      ).toEqual([]);

      for (const { field, values, base: ownerBase } of references) {
        for (const v of values) {
          // A's answer to B's id must be its answer to an id like it that names nothing.
          const twin = twinOf(v, [...ofB.numbers, ...ofB.strings]);
          const a = await attack(attacker, p.path, setAt(ownerBase, field, v));
          const asIfAbsent = await probe(w.db, attacker, p.path, setAt(ownerBase, field, twin));
          const label = `${p.path} as A with B's ${field.key} = ${JSON.stringify(v)}`;
          expect(normalized(a.outcome, v, twin), `${label}: answers otherwise than for ${JSON.stringify(twin)}, which names nothing`).toBe(normalized(asIfAbsent, twin, twin));
          expectHarmless(p, a, label);
        }
      }
    });
  }

  it('finds the procedures of both portals in the routers', () => {
    expect(all.length).toBeGreaterThan(40);
    expect(new Set(all.map((p) => p.portal))).toEqual(new Set(PORTALS));
  });
});
