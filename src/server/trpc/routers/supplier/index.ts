import { supplierOverview } from '@/server/domain/dashboard/overview';
import { supplierTrends } from '@/server/domain/dashboard/trends';
import { router, supplierProcedure } from '../../init';
import { supplierBillsRouter } from './bills';
import { supplierProductsRouter } from './products';
import { supplierOrdersRouter } from './orders';

/** The supplier portal. Every procedure here is a supplierProcedure, scoped to ctx.actor.supplierId. */
export const supplierRouter = router({
  overview: supplierProcedure.query(({ ctx }) => supplierOverview(ctx)),
  trends: supplierProcedure.query(({ ctx }) => supplierTrends(ctx)),
  bills: supplierBillsRouter,
  products: supplierProductsRouter,
  orders: supplierOrdersRouter,
});
