import { z } from 'zod';
import { idSchema } from '@/server/domain/distributors/schemas';
import {
  adjustmentInput,
  balanceSeriesInput,
  directTopupInput,
  ledgerListInput,
  rejectTopupInput,
  statementsInput,
  topupIdInput,
  topupListInput,
} from '@/server/domain/wallet/schemas';
import { monthlyStatements } from '@/server/domain/wallet/monthly-statement';
import { adjustBalance, topUpDirectly } from '@/server/domain/wallet/staff-postings';
import { balanceSeries, getBalance, listLedger } from '@/server/domain/wallet/statement';
import { approveTopup, getTopupRequest, listTopupRequests, rejectTopup } from '@/server/domain/wallet/topup-requests';
import { router, staffProcedure } from '../../init';

/** Staff's side of the balances: direct top-ups, adjustments, top-up review, every ledger. */
export const adminWalletRouter = router({
  balance: staffProcedure.input(z.strictObject({ distributorId: idSchema })).query(({ ctx, input }) => getBalance(ctx, input)),
  ledger: staffProcedure.input(ledgerListInput).query(({ ctx, input }) => listLedger(ctx, input)),
  statements: staffProcedure.input(statementsInput).query(({ ctx, input }) => monthlyStatements(ctx, input)),
  balanceSeries: staffProcedure.input(balanceSeriesInput).query(({ ctx, input }) => balanceSeries(ctx, input)),
  topUp: staffProcedure.input(directTopupInput).mutation(({ ctx, input }) => topUpDirectly(ctx, input)),
  adjust: staffProcedure.input(adjustmentInput).mutation(({ ctx, input }) => adjustBalance(ctx, input)),
  topupRequests: staffProcedure.input(topupListInput).query(({ ctx, input }) => listTopupRequests(ctx, input)),
  topupRequest: staffProcedure.input(topupIdInput).query(({ ctx, input }) => getTopupRequest(ctx, input)),
  approveTopup: staffProcedure.input(topupIdInput).mutation(({ ctx, input }) => approveTopup(ctx, input)),
  rejectTopup: staffProcedure.input(rejectTopupInput).mutation(({ ctx, input }) => rejectTopup(ctx, input)),
});
