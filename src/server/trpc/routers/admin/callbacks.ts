import { listDeliveries, resendEvent, resendInput } from '@/server/domain/events/delivery';
import { eventStats, listEventLog } from '@/server/domain/events/log';
import { eventStatsInput, listEventLogInput } from '@/server/domain/events/log-schemas';
import { enableEndpoint, endpointInput, listDisabledEndpoints, resendFailedInput, resendFailedSince } from '@/server/domain/events/endpoint';
import { router, staffProcedure } from '../../init';

/** The callback log of every distributor: each event, each try, and resending. */
export const adminCallbacksRouter = router({
  list: staffProcedure.input(listEventLogInput).query(({ ctx, input }) => listEventLog(ctx, input)),
  stats: staffProcedure.input(eventStatsInput).query(({ ctx, input }) => eventStats(ctx, input)),
  deliveries: staffProcedure.input(resendInput).query(({ ctx, input }) => listDeliveries(ctx, input)),
  resend: staffProcedure.input(resendInput).mutation(({ ctx, input }) => resendEvent(ctx, input)),
  disabledEndpoints: staffProcedure.query(({ ctx }) => listDisabledEndpoints(ctx)),
  enableEndpoint: staffProcedure.input(endpointInput).mutation(({ ctx, input }) => enableEndpoint(ctx, input)),
  resendFailed: staffProcedure.input(resendFailedInput).mutation(({ ctx, input }) => resendFailedSince(ctx, input)),
});
