import { listDeliveries, resendEvent, resendInput } from '@/server/domain/events/delivery';
import { eventStats, listEventLog } from '@/server/domain/events/log';
import { eventStatsInput, listEventLogInput } from '@/server/domain/events/log-schemas';
import { enableEndpoint, endpointInput, getEndpointStatus, resendFailedInput, resendFailedSince } from '@/server/domain/events/endpoint';
import { distributorProcedure, router } from '../../init';

/** The distributor's own callback log: each event, each try and the mall's answer, and resending. */
export const distributorCallbacksRouter = router({
  list: distributorProcedure.input(listEventLogInput.omit({ distributorId: true })).query(({ ctx, input }) => listEventLog(ctx, input)),
  stats: distributorProcedure.input(eventStatsInput).query(({ ctx, input }) => eventStats(ctx, input)),
  deliveries: distributorProcedure.input(resendInput).query(({ ctx, input }) => listDeliveries(ctx, input)),
  resend: distributorProcedure.input(resendInput).mutation(({ ctx, input }) => resendEvent(ctx, input)),
  endpoint: distributorProcedure.query(({ ctx }) => getEndpointStatus(ctx)),
  enableEndpoint: distributorProcedure.input(endpointInput.omit({ id: true })).mutation(({ ctx }) => enableEndpoint(ctx)),
  resendFailed: distributorProcedure.input(resendFailedInput.omit({ distributorId: true })).mutation(({ ctx, input }) => resendFailedSince(ctx, input)),
});
