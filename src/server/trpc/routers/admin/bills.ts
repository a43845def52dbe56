import { billedByMonth, generateBill, getBill, listBills, markBillPaid, unbilledBySupplier } from '@/server/domain/settlement/bills';
import { billIdInput, generateBillInput, listBillsInput, markBillPaidInput } from '@/server/domain/settlement/schemas';
import { router, staffProcedure } from '../../init';

export const adminBillsRouter = router({
  unbilled: staffProcedure.query(({ ctx }) => unbilledBySupplier(ctx)),
  generate: staffProcedure.input(generateBillInput).mutation(({ ctx, input }) => generateBill(ctx, input)),
  list: staffProcedure.input(listBillsInput).query(({ ctx, input }) => listBills(ctx, input)),
  get: staffProcedure.input(billIdInput).query(({ ctx, input }) => getBill(ctx, input)),
  markPaid: staffProcedure.input(markBillPaidInput).mutation(({ ctx, input }) => markBillPaid(ctx, input)),
  byMonth: staffProcedure.query(({ ctx }) => billedByMonth(ctx)),
});
