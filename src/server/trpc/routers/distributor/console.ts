import { checkSignature, checkSignatureInput, listRecentRequests, recentRequestsInput, sendTestEvent } from '@/server/domain/distributors/console';
import { distributorProcedure, router } from '../../init';

/** The self-test console (接口自测): the distributor's own callback URL, secret and requests only. */
export const distributorConsoleRouter = router({
  ping: distributorProcedure.mutation(({ ctx }) => sendTestEvent(ctx)),
  checkSignature: distributorProcedure.input(checkSignatureInput).mutation(({ ctx, input }) => checkSignature(ctx, input)),
  requests: distributorProcedure.input(recentRequestsInput).query(({ ctx, input }) => listRecentRequests(ctx, input)),
});
