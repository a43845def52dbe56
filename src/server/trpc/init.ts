import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { getDb } from '@/server/db';
import type { Db } from '@/server/db/client';
import type { PortalActor, SessionIdentity } from '@/server/domain/accounts/session';
import { DomainError } from '@/server/domain/errors';
import { domainErrorOf, toTRPCError } from './errors';

export type TRPCContext = {
  db: Db;
  identity: SessionIdentity | null;
};

/**
 * The context every procedure starts from. The identity comes from the session (checked
 * against the database), never from the input. Tests build it directly.
 */
export async function createTRPCContext(opts: { getIdentity: () => Promise<SessionIdentity | null> }): Promise<TRPCContext> {
  return { db: getDb(), identity: await opts.getIdentity() };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const domain = domainErrorOf(error);
    const zod = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    return {
      ...shape,
      // An unexpected error's message is the server's (a failed query names its SQL and
      // parameters): it is logged, never sent.
      message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : shape.message,
      // The portals word errors by these, in the user's language.
      data: {
        ...shape.data,
        stack: undefined,
        domainCode: domain?.code ?? null,
        details: domain?.details ?? null,
        fieldErrors: zod?.fieldErrors ?? null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain errors into tRPC errors, in one place for every procedure. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.identity) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { db: ctx.db, identity: ctx.identity, actor: ctx.identity.actor as PortalActor } });
});

function roleProcedure<K extends PortalActor['kind']>(kind: K) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (ctx.actor.kind !== kind) throw new TRPCError({ code: 'FORBIDDEN', message: 'This portal is not yours' });
    return next({ ctx: { db: ctx.db, identity: ctx.identity, actor: ctx.actor as Extract<PortalActor, { kind: K }> } });
  });
}

/** Platform staff: the admin portal. */
export const staffProcedure = roleProcedure('staff');
/** A supplier's login: `ctx.actor.supplierId` is the tenant every query filters by. */
export const supplierProcedure = roleProcedure('supplier');
/** A distributor's portal login: `ctx.actor.distributorId` is the tenant every query filters by. */
export const distributorProcedure = roleProcedure('distributor');
