import { z } from 'zod';
import { idSchema } from '@/server/domain/ids';
import { billedByMonth, generateBill, getBill, listBills, markBillPaid, unbilledBySupplier } from '@/server/domain/settlement/bills';
import { earningsSummary, listEarnings } from '@/server/domain/settlement/earnings-view';
import { billIdInput, earningsListInput, generateBillInput, listBillsInput, markBillPaidInput } from '@/server/domain/settlement/schemas';
import { router, staffProcedure } from '../../init';

export const adminBillsRouter = router({
  unbilled: staffProcedure.query(({ ctx }) => unbilledBySupplier(ctx)),
  generate: staffProcedure.input(generateBillInput).mutation(({ ctx, input }) => generateBill(ctx, input)),
  list: staffProcedure.input(listBillsInput).query(({ ctx, input }) => listBills(ctx, input)),
  get: staffProcedure.input(billIdInput).query(({ ctx, input }) => getBill(ctx, input)),
  markPaid: staffProcedure.input(markBillPaidInput).mutation(({ ctx, input }) => markBillPaid(ctx, input)),
  byMonth: staffProcedure.query(({ ctx }) => billedByMonth(ctx)),
  /** Pending, billed and paid, for every supplier or one. */
  statement: staffProcedure.input(z.strictObject({ supplierId: idSchema.optional() })).query(({ ctx, input }) => earningsSummary(ctx, input)),
  earnings: staffProcedure.input(earningsListInput).query(({ ctx, input }) => listEarnings(ctx, input)),
});
