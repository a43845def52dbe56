import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { appRouter } from '@/server/trpc/root';
import { callerAs } from '@tests/support/trpc';
import type { SessionIdentity } from '@/server/domain/accounts/session';
import { identityOf } from '@tests/support/factories';

/**
 * Every procedure of every portal router refuses the other roles (FORBIDDEN) and the
 * signed-out (UNAUTHORIZED) before it looks at its input or touches data. The list is read
 * from the router itself, so procedures added later are covered without editing this test.
 */
const identities: Record<string, SessionIdentity> = {
  staff: identityOf({ kind: 'staff', userId: 999_001 }),
  supplier: identityOf({ kind: 'supplier', userId: 999_002, supplierId: 999_002 }),
  distributor: identityOf({ kind: 'distributor', userId: 999_003, distributorId: 999_003 }),
};
const OWNER: Record<string, string> = { admin: 'staff', supplier: 'supplier', distributor: 'distributor' };

const procedures = Object.keys(appRouter._def.procedures) as string[];

async function call(identity: SessionIdentity | null, path: string) {
  const caller = callerAs(identity) as unknown as Record<string, unknown>;
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    await fn({});
    return 'OK';
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

describe('portal routers refuse other roles', () => {
  it('has procedures in each portal', () => {
    for (const portal of Object.keys(OWNER)) expect(procedures.some((p) => p.startsWith(`${portal}.`))).toBe(true);
  });

  for (const path of procedures.filter((p) => p.split('.')[0] in OWNER)) {
    const owner = OWNER[path.split('.')[0]];
    it(`${path}: FORBIDDEN to other roles, UNAUTHORIZED signed out`, async () => {
      for (const [role, identity] of Object.entries(identities)) {
        if (role === owner) continue;
        expect(await call(identity, path)).toBe('FORBIDDEN');
      }
      expect(await call(null, path)).toBe('UNAUTHORIZED');
    });
  }

  it('account procedures need a sign-in', async () => {
    expect(await call(null, 'account.me')).toBe('UNAUTHORIZED');
    expect(await call(identities.supplier, 'account.me')).toBe('OK');
  });
});
