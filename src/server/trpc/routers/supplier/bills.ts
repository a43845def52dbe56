import { billedByMonth, getBill, listBills } from '@/server/domain/settlement/bills';
import { billIdInput, listBillsInput } from '@/server/domain/settlement/schemas';
import { router, supplierProcedure } from '../../init';

/** A supplier's own bills: every verb filters by ctx.actor.supplierId. */
export const supplierBillsRouter = router({
  list: supplierProcedure.input(listBillsInput).query(({ ctx, input }) => listBills(ctx, input)),
  get: supplierProcedure.input(billIdInput).query(({ ctx, input }) => getBill(ctx, input)),
  byMonth: supplierProcedure.query(({ ctx }) => billedByMonth(ctx)),
});
