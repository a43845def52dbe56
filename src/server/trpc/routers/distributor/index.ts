import { distributorOverview } from '@/server/domain/dashboard/overview';
import { distributorProcedure, router } from '../../init';

/** The distributor portal. Every procedure here is a distributorProcedure, scoped to ctx.actor.distributorId. */
export const distributorRouter = router({
  overview: distributorProcedure.query(({ ctx }) => distributorOverview(ctx)),
});
