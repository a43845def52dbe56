import { listDeliveries, resendEvent, resendInput } from '@/server/domain/events/delivery';
import { eventStats, listEventLog } from '@/server/domain/events/log';
import { eventStatsInput, listEventLogInput } from '@/server/domain/events/log-schemas';
import { distributorProcedure, router } from '../../init';

/** The distributor's own callback log: each event, each try and the mall's answer, and resending. */
export const distributorCallbacksRouter = router({
  list: distributorProcedure.input(listEventLogInput).query(({ ctx, input }) => listEventLog(ctx, input)),
  stats: distributorProcedure.input(eventStatsInput).query(({ ctx, input }) => eventStats(ctx, input)),
  deliveries: distributorProcedure.input(resendInput).query(({ ctx, input }) => listDeliveries(ctx, input)),
  resend: distributorProcedure.input(resendInput).mutation(({ ctx, input }) => resendEvent(ctx, input)),
});
