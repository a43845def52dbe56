import type { DistributorCtx, MallCtx, StaffCtx } from '../context';
import { notFound } from '../errors';

/**
 * Verbs several doors call: staff on any distributor; a distributor (its portal user, or
 * its mall through the open API) on its own only.
 */
export type StaffOrDistributorCtx = StaffCtx | DistributorCtx | MallCtx;

/**
 * The distributor a verb acts on: the caller's own for a distributor or its mall (whatever
 * the input says), the one staff chose otherwise.
 */
export function targetDistributor(ctx: StaffOrDistributorCtx, staffChoice: number | undefined): number {
  if (ctx.actor.kind !== 'staff') return ctx.actor.distributorId;
  if (staffChoice === undefined) throw notFound('Distributor');
  return staffChoice;
}

/** For lists: a distributor sees its own rows; staff see one distributor's, or everyone's. */
export function distributorFilter(ctx: StaffOrDistributorCtx, staffChoice: number | undefined): number | undefined {
  return ctx.actor.kind === 'staff' ? staffChoice : ctx.actor.distributorId;
}
