import { billedByMonth, getBill, listBills } from '@/server/domain/settlement/bills';
import { earningsSummary, listEarnings } from '@/server/domain/settlement/earnings-view';
import { billIdInput, earningsListInput, listBillsInput } from '@/server/domain/settlement/schemas';
import { router, supplierProcedure } from '../../init';

/** A supplier's own bills: every verb filters by ctx.actor.supplierId. */
export const supplierBillsRouter = router({
  list: supplierProcedure.input(listBillsInput.omit({ supplierId: true })).query(({ ctx, input }) => listBills(ctx, input)),
  get: supplierProcedure.input(billIdInput).query(({ ctx, input }) => getBill(ctx, input)),
  byMonth: supplierProcedure.query(({ ctx }) => billedByMonth(ctx)),
  /** Pending, billed and paid: the supplier's statement. */
  statement: supplierProcedure.query(({ ctx }) => earningsSummary(ctx)),
  earnings: supplierProcedure.input(earningsListInput.omit({ supplierId: true })).query(({ ctx, input }) => listEarnings(ctx, input)),
});
