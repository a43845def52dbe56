import type { DbOrTx } from '@/server/db/client';

/**
 * Who is calling a domain verb. Tenant ids come from the signed-in session or the
 * verified request signature, never from the input, and every query filters by them.
 */
export type Actor =
  | { kind: 'staff'; userId: number }
  | { kind: 'supplier'; userId: number; supplierId: number }
  | { kind: 'distributor'; userId: number; distributorId: number }
  /** A distributor's mall server, authenticated by the open API signature. */
  | { kind: 'mall'; distributorId: number }
  /** Background jobs, the seed and command-line tools. */
  | { kind: 'system' };

export type ActorKind = Actor['kind'];

export type Ctx<A extends Actor = Actor> = { db: DbOrTx; actor: A };

export type StaffCtx = Ctx<Extract<Actor, { kind: 'staff' }>>;
export type SupplierCtx = Ctx<Extract<Actor, { kind: 'supplier' }>>;
export type DistributorCtx = Ctx<Extract<Actor, { kind: 'distributor' }>>;
export type MallCtx = Ctx<Extract<Actor, { kind: 'mall' }>>;
export type SystemCtx = Ctx<Extract<Actor, { kind: 'system' }>>;

/** The user id to record as the author of a change, when a person made it. */
export function actorUserId(actor: Actor): number | null {
  return 'userId' in actor ? actor.userId : null;
}

/** The distributor a distributor-portal user or a mall acts for. */
export function actorDistributorId(actor: Actor): number | null {
  return actor.kind === 'distributor' || actor.kind === 'mall' ? actor.distributorId : null;
}
