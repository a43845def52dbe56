import { shipInput, shipManyInput } from '@/server/domain/orders/carriers';
import { supplierOrderDetail } from '@/server/domain/orders/detail';
import { countToShip, listSupplierOrders, ordersPerDay } from '@/server/domain/orders/list';
import { listOrdersInput, ordersPerDayInput, portalOrderRefInput } from '@/server/domain/orders/schemas';
import { correctTracking, shipMany, shipPackage } from '@/server/domain/orders/ship';
import { router, supplierProcedure } from '../../init';

/** A supplier's orders: only orders holding its items, only those items; it ships its own package. */
export const supplierOrdersRouter = router({
  list: supplierProcedure.input(listOrdersInput.omit({ distributorId: true })).query(({ ctx, input }) => listSupplierOrders(ctx, input)),
  perDay: supplierProcedure.input(ordersPerDayInput).query(({ ctx, input }) => ordersPerDay(ctx, input)),
  toShipCount: supplierProcedure.query(({ ctx }) => countToShip(ctx)),
  get: supplierProcedure.input(portalOrderRefInput).query(({ ctx, input }) => supplierOrderDetail(ctx, input)),
  ship: supplierProcedure.input(shipInput).mutation(({ ctx, input }) => shipPackage(ctx, input)),
  correctTracking: supplierProcedure.input(shipInput).mutation(({ ctx, input }) => correctTracking(ctx, input)),
  shipMany: supplierProcedure.input(shipManyInput).mutation(({ ctx, input }) => shipMany(ctx, input)),
});
