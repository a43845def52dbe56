import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { distributors, suppliers, users } from '@/server/db/schema';
import type { Actor } from '../context';

/**
 * A login with the status of its supplier or distributor: what sign-in and every session
 * check read, so that both refuse exactly the same accounts.
 */
export function selectLogin(db: DbOrTx) {
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      role: users.role,
      status: users.status,
      sessionVersion: users.sessionVersion,
      supplierId: users.supplierId,
      distributorId: users.distributorId,
      supplierStatus: suppliers.status,
      distributorStatus: distributors.status,
    })
    .from(users)
    .leftJoin(suppliers, eq(users.supplierId, suppliers.id))
    .leftJoin(distributors, eq(users.distributorId, distributors.id));
}

export type SessionClaims = { userId: number; sessionVersion: number };

export type PortalActor = Extract<Actor, { kind: 'staff' | 'supplier' | 'distributor' }>;

export type SessionIdentity = {
  actor: PortalActor;
  username: string;
  displayName: string;
};

/**
 * Turns the claims of a session token into the actor it stands for, or null when the
 * session is no longer good: the account or its supplier/distributor was disabled, or
 * the password changed (the token's version is older). Checked on every request, so a
 * revocation takes effect at once.
 */
export async function resolveSession(db: DbOrTx, claims: SessionClaims): Promise<SessionIdentity | null> {
  const [row] = await selectLogin(db)
    .where(eq(users.id, claims.userId));
  if (!row || row.status !== 'active' || row.sessionVersion !== claims.sessionVersion) return null;

  let actor: PortalActor;
  if (row.role === 'staff') {
    actor = { kind: 'staff', userId: row.id };
  } else if (row.role === 'supplier') {
    if (row.supplierStatus !== 'active' || row.supplierId === null) return null;
    actor = { kind: 'supplier', userId: row.id, supplierId: row.supplierId };
  } else {
    if (row.distributorStatus !== 'active' || row.distributorId === null) return null;
    actor = { kind: 'distributor', userId: row.id, distributorId: row.distributorId };
  }
  return { actor, username: row.username, displayName: row.displayName };
}
