import { closeCase, getCase, listCases, openCase } from '@/server/domain/after-sales/cases';
import { caseIdInput, closeCaseInput, listCasesInput, openCaseInput } from '@/server/domain/after-sales/schemas';
import { distributorProcedure, router } from '../../init';

/** The distributor records after-sales cases of its shipped orders and closes them. */
export const distributorAfterSalesRouter = router({
  list: distributorProcedure.input(listCasesInput.omit({ distributorId: true })).query(({ ctx, input }) => listCases(ctx, input)),
  get: distributorProcedure.input(caseIdInput).query(({ ctx, input }) => getCase(ctx, input)),
  open: distributorProcedure.input(openCaseInput).mutation(({ ctx, input }) => openCase(ctx, input)),
  close: distributorProcedure.input(closeCaseInput).mutation(({ ctx, input }) => closeCase(ctx, input)),
});
