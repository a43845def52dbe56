import { adjustForCase, getCase, listCases } from '@/server/domain/after-sales/cases';
import { caseAdjustmentInput, caseIdInput, listCasesInput } from '@/server/domain/after-sales/schemas';
import { router, staffProcedure } from '../../init';

/** Staff see every distributor's after-sales cases, and may adjust a balance for one. */
export const adminAfterSalesRouter = router({
  list: staffProcedure.input(listCasesInput).query(({ ctx, input }) => listCases(ctx, input)),
  get: staffProcedure.input(caseIdInput).query(({ ctx, input }) => getCase(ctx, input)),
  adjust: staffProcedure.input(caseAdjustmentInput).mutation(({ ctx, input }) => adjustForCase(ctx, input)),
});
