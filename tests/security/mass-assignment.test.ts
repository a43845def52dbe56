/**
 * Mass assignment, for every procedure of every router (read from the routers): an input
 * carrying a field its schema does not name is refused, not stripped — an owner, a
 * supplier, a distributor, a balance, a status, a price — and changes nothing. The
 * supplier's and distributor's inputs do not even name the fields those callers may not
 * set: the session says who they are, and prices and balances are staff's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionIdentity } from '@/server/domain/accounts/session';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff, createSupplierAccount } from '@tests/support/factories';
import { sampleOf, type JsonSchema } from '@tests/support/json-schema';
import { callProcedure, objectSchemas, outcomeOf, procedures } from '@tests/support/procedures';
import { changes, describeChanges, snapshot } from '@tests/support/snapshot';

const all = procedures();

/** Fields that decide whose a record is, or what it is worth. */
const PRIVILEGED = ['ownerSupplierId', 'supplierId', 'distributorId', 'userId', 'owner', 'levelId', 'balance', 'status', 'supplyPrice', 'costPrice', 'agreedPrice', 'unitPrice', 'serviceFeeBps', 'feeBps', 'version', 'role', 'passwordHash', 'createdByUserId'];

/** What each portal's inputs may not name at all. */
const NOT_THEIRS: Record<string, { any: string[]; mutations: string[] }> = {
  supplier: { any: ['ownerSupplierId', 'supplierId', 'distributorId', 'userId', 'owner', 'levelId'], mutations: ['supplyPrice', 'agreedPrice', 'status', 'balance', 'version', 'feeBps', 'serviceFeeBps'] },
  distributor: {
    any: ['ownerSupplierId', 'supplierId', 'distributorId', 'userId', 'owner', 'levelId', 'feeBps', 'serviceFeeBps'],
    mutations: ['supplyPrice', 'costPrice', 'agreedPrice', 'unitPrice', 'status', 'balance', 'version', 'rateLimitPerSecond', 'rateLimitBurst'],
  },
};

function namedFields(schema: JsonSchema): Set<string> {
  return new Set(objectSchemas(schema).flatMap(({ schema: s }) => Object.keys(s.properties ?? {})));
}

describe('strict inputs: every object of every procedure input refuses fields it does not name', () => {
  it('is so for every procedure of every router', () => {
    const loose = all.flatMap((p) =>
      p.input ? objectSchemas(p.input).filter(({ schema }) => schema.additionalProperties !== false).map(({ at }) => `${p.path} ${at}`) : [],
    );
    expect(loose, 'objects that strip unknown fields instead of refusing them: use z.strictObject').toEqual([]);
  });

  for (const portal of Object.keys(NOT_THEIRS)) {
    it(`no ${portal} procedure names a field its caller may not set`, () => {
      const named = all
        .filter((p) => p.portal === portal && p.input)
        .flatMap((p) => {
          const fields = namedFields(p.input!);
          const banned = [...NOT_THEIRS[portal].any, ...(p.type === 'mutation' ? NOT_THEIRS[portal].mutations : [])];
          return banned.filter((f) => fields.has(f)).map((f) => `${p.path}: ${f}`);
        });
      expect(named).toEqual([]);
    });
  }
});

describe('mass assignment, router by router: a privileged field in any input is refused and changes nothing', () => {
  const db = testDb();
  const as: Record<string, SessionIdentity> = {};
  beforeAll(async () => {
    const [staff, supplier, distributor] = await Promise.all([createStaff(db), createSupplierAccount(db), createDistributorAccount(db, { balance: 1_000 })]);
    Object.assign(as, { admin: staff.identity, supplier: supplier.identity, distributor: distributor.identity, account: supplier.identity });
  });

  for (const portal of [...new Set(all.map((p) => p.portal))]) {
    describe(`the ${portal} router`, () => {
      for (const p of all.filter((q) => q.portal === portal && q.input?.properties)) {
        it(p.path, async () => {
          const fields = namedFields(p.input!);
          const base = sampleOf(p.input!) as Record<string, unknown>;
          const before = await snapshot(db);
          for (const key of PRIVILEGED.filter((k) => !fields.has(k))) {
            const outcome = await outcomeOf(() => callProcedure(db, as[portal], p.path, { ...base, [key]: 12345 }));
            expect(outcome, `${p.path} with ${key}`).toMatchObject({ ok: false, code: 'BAD_REQUEST', input: true });
            expect((outcome as { message: string }).message, `${p.path} with ${key}`).toContain(key);
          }
          const changed = changes(before, await snapshot(db));
          expect(changed, `${p.path} with privileged fields: changed rows\n${describeChanges(changed)}`).toEqual([]);
        });
      }
    });
  }
});
