import type { Tx } from '@/server/db/client';
import type { Ctx } from '../context';

/** Runs one business step in a transaction, handing the verb a context bound to it. */
export function inTransaction<A extends Ctx['actor'], T>(ctx: Ctx<A>, step: (tx: Ctx<A> & { db: Tx }) => Promise<T>): Promise<T> {
  return ctx.db.transaction((db) => step({ ...ctx, db }));
}
