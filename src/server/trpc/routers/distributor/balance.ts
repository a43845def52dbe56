import {
  balanceSeriesInput,
  ledgerListInput,
  ownStatementsInput,
  topupIdInput,
  topupListInput,
  topupRequestInput,
} from '@/server/domain/wallet/schemas';
import { monthlyStatements } from '@/server/domain/wallet/monthly-statement';
import { balanceSeries, getBalance, listLedger } from '@/server/domain/wallet/statement';
import { getTopupRequest, listTopupRequests, requestTopup, withdrawTopup } from '@/server/domain/wallet/topup-requests';
import { distributorProcedure, router } from '../../init';

/** The distributor's own balance, ledger and top-up applications; the session names the distributor. */
export const distributorBalanceRouter = router({
  summary: distributorProcedure.query(({ ctx }) => getBalance(ctx)),
  ledger: distributorProcedure.input(ledgerListInput.omit({ distributorId: true })).query(({ ctx, input }) => listLedger(ctx, input)),
  statements: distributorProcedure.input(ownStatementsInput).query(({ ctx, input }) => monthlyStatements(ctx, input)),
  series: distributorProcedure.input(balanceSeriesInput.omit({ distributorId: true })).query(({ ctx, input }) => balanceSeries(ctx, input)),
  topupRequests: distributorProcedure.input(topupListInput.omit({ distributorId: true })).query(({ ctx, input }) => listTopupRequests(ctx, input)),
  topupRequest: distributorProcedure.input(topupIdInput).query(({ ctx, input }) => getTopupRequest(ctx, input)),
  applyTopup: distributorProcedure.input(topupRequestInput).mutation(({ ctx, input }) => requestTopup(ctx, input)),
  withdrawTopup: distributorProcedure.input(topupIdInput).mutation(({ ctx, input }) => withdrawTopup(ctx, input)),
});
