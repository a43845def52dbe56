import { checkInvariants } from '@/server/domain/invariants';
import { router, staffProcedure } from '../../init';

/** 对账: the same checks as `npm run check`, on the live database, for staff. */
export const adminReconciliationRouter = router({
  check: staffProcedure.query(({ ctx }) => checkInvariants(ctx.db)),
});
