import type { DistributorCtx, StaffCtx } from '../context';
import { notFound } from '../errors';

/** Verbs both portals call: staff on any distributor, a distributor on its own only. */
export type StaffOrDistributorCtx = StaffCtx | DistributorCtx;

/**
 * The distributor a verb acts on: the caller's own for a distributor (whatever the input
 * says), the one staff chose otherwise.
 */
export function targetDistributor(ctx: StaffOrDistributorCtx, staffChoice: number | undefined): number {
  if (ctx.actor.kind === 'distributor') return ctx.actor.distributorId;
  if (staffChoice === undefined) throw notFound('Distributor');
  return staffChoice;
}

/** For lists: a distributor sees its own rows; staff see one distributor's, or everyone's. */
export function distributorFilter(ctx: StaffOrDistributorCtx, staffChoice: number | undefined): number | undefined {
  return ctx.actor.kind === 'distributor' ? ctx.actor.distributorId : staffChoice;
}
