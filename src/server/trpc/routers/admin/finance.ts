import { financeOverview } from '@/server/domain/finance/overview';
import { financeOverviewInput } from '@/server/domain/finance/schemas';
import { router, staffProcedure } from '../../init';

/** 财务概览: the platform's money by day or month (staff only). */
export const adminFinanceRouter = router({
  overview: staffProcedure.input(financeOverviewInput).query(({ ctx, input }) => financeOverview(ctx, input)),
});
