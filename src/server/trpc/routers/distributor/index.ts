import { distributorOverview } from '@/server/domain/dashboard/overview';
import { distributorTrends } from '@/server/domain/dashboard/trends';
import { distributorProcedure, router } from '../../init';
import { distributorBalanceRouter } from './balance';
import { distributorBindingRouter } from './binding';
import { distributorPricesRouter } from './prices';
import { distributorSelectionRouter } from './selection';
import { distributorOrdersRouter } from './orders';
import { distributorAfterSalesRouter } from './after-sales';
import { distributorCallbacksRouter } from './callbacks';
import { distributorConsoleRouter } from './console';

/** The distributor portal. Every procedure here is a distributorProcedure, scoped to ctx.actor.distributorId. */
export const distributorRouter = router({
  overview: distributorProcedure.query(({ ctx }) => distributorOverview(ctx)),
  trends: distributorProcedure.query(({ ctx }) => distributorTrends(ctx)),
  binding: distributorBindingRouter,
  selection: distributorSelectionRouter,
  prices: distributorPricesRouter,
  balance: distributorBalanceRouter,
  orders: distributorOrdersRouter,
  afterSales: distributorAfterSalesRouter,
  callbacks: distributorCallbacksRouter,
  console: distributorConsoleRouter,
});
