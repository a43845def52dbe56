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
import { absentValue, fieldPaths, setAt, type FieldPath } from '@tests/support/fields';
import { sampleOf } from '@tests/support/json-schema';
import { callProcedure, outcomeOf, probe, procedures, type Outcome, type Procedure } from '@tests/support/procedures';
import { belongsTo, changes, describeChanges, snapshot, type Change } from '@tests/support/snapshot';
import { spreadIdSequences, twoTenants, type TwoTenants } from './world';

const PORTALS = ['supplier', 'distributor'] as const;
const all = procedures().filter((p) => (PORTALS as readonly string[]).includes(p.portal));

/** Input fields that name a record, by the names the schemas give them. */
const NAMES_A_RECORD = /^(id|ids)$|Ids?$|Nos?$|Codes?$/;

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
      const base = p.input ? sampleOf(p.input) : undefined;

      // Every call A can make, whatever the input: nothing of B's comes back or changes.
      const plain = await attack(attacker, p.path, base);
      expect(plain.outcome.ok || !plain.outcome.input, `${p.path}: the generator's sample input ${JSON.stringify(base)} was refused by the schema: ${(plain.outcome as { message?: string }).message}`).toBe(true);
      expectHarmless(p, plain, `${p.path}(${JSON.stringify(base)})`);
      if (!p.input) return;

      const fields = fieldPaths(p.input).filter((f) => NAMES_A_RECORD.test(f.name) || (p.type === 'query' && f.leaf.type === 'string' && !f.leaf.enum && !f.leaf.format));
      const valid = (input: unknown) => p.parser!.safeParse(input).success;
      // B's working input: the ids of B's that the fields resolved to so far (a second field may need the first).
      let ownerBase = base;
      const unresolved = new Map<string, FieldPath>(fields.map((f) => [f.key, f]));
      const references: { field: FieldPath; values: unknown[] }[] = [];

      for (let pass = 0; pass < 3 && unresolved.size > 0; pass++) {
        for (const field of [...unresolved.values()]) {
          const absent = absentValue(field.leaf);
          const absentInput = setAt(ownerBase, field, absent);
          const ofB = w.B.ids[p.portal as (typeof PORTALS)[number]];
          const candidates = (field.leaf.type === 'string' ? [...ofB.strings, ...w.shared.strings] : [...ofB.numbers, ...w.shared.numbers]).filter((v) => valid(setAt(ownerBase, field, v)));
          if (!NAMES_A_RECORD.test(field.name) && (candidates.length === 0 || !valid(absentInput))) {
            unresolved.delete(field.key); // a text filter no id of B's fits: nothing to try
            continue;
          }
          if (!valid(absentInput)) throw new Error(`${p.path}: cannot write a nonexistent ${field.key} (${JSON.stringify(absent)}) that the schema accepts; teach tests/support/fields.ts`);
          const whenAbsent = await probe(w.db, owner, p.path, absentInput);
          const opens: unknown[] = [];
          for (const v of candidates) {
            const input = setAt(ownerBase, field, v);
            const answer = await probe(w.db, owner, p.path, input);
            if (normalized(answer, v, absent) !== normalized(whenAbsent, absent, absent)) opens.push(v);
          }
          const opensOfB = opens.filter((v) => (field.leaf.type === 'string' ? ofB.strings : ofB.numbers).includes(v as never));
          if (opensOfB.length > 0) {
            references.push({ field, values: opensOfB });
            ownerBase = setAt(ownerBase, field, opensOfB[0]);
            unresolved.delete(field.key);
          } else if (opens.length > 0 || whenAbsent.ok || (whenAbsent.code !== 'NOT_FOUND' && !whenAbsent.input)) {
            // Opens only shared records, or does not pick a record at all (a free-text filter).
            unresolved.delete(field.key);
          }
        }
      }
      expect(
        [...unresolved.keys()],
        `${p.path}: B gets NOT_FOUND for these fields with every id of B's and of everyone's — the world (tests/security/world.ts) has no record they name; give both tenants one`,
      ).toEqual([]);

      for (const { field, values } of references) {
        const absent = absentValue(field.leaf);
        for (const v of values) {
          const input = setAt(ownerBase, field, v);
          const a = await attack(attacker, p.path, input);
          const asIfAbsent = await probe(w.db, attacker, p.path, setAt(ownerBase, field, absent));
          const label = `${p.path} as A with B's ${field.key} = ${JSON.stringify(v)}`;
          expect(normalized(a.outcome, v, absent), `${label}: answers otherwise than for a nonexistent one`).toBe(normalized(asIfAbsent, absent, absent));
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
