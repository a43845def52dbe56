import type { Ctx } from '../context';
import { findOrder } from './access';
import { loadMallOrder, type MallOrder } from './mall-order';
import type { OrderRef } from './schemas';

/** One order by its number or the mall's number; another distributor's is NOT_FOUND. */
export async function getOrder(ctx: Ctx, ref: OrderRef): Promise<MallOrder> {
  const order = await findOrder(ctx.db, ctx.actor, ref);
  return loadMallOrder(ctx.db, order.id);
}
