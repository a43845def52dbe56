import { shipInput, shipManyInput } from '@/server/domain/orders/carriers';
import { staffOrderDetail } from '@/server/domain/orders/detail';
import { countToShip, listStaffOrders, ordersPerDay } from '@/server/domain/orders/list';
import { refundOrder } from '@/server/domain/orders/refund';
import { listOrdersInput, ordersPerDayInput, portalOrderRefInput, portalRefundInput } from '@/server/domain/orders/schemas';
import { correctTracking, shipMany, shipPackage } from '@/server/domain/orders/ship';
import { router, staffProcedure } from '../../init';

/** Staff's orders: every order; staff ship the platform's packages and may refund an unshipped order. */
export const adminOrdersRouter = router({
  list: staffProcedure.input(listOrdersInput).query(({ ctx, input }) => listStaffOrders(ctx, input)),
  perDay: staffProcedure.input(ordersPerDayInput).query(({ ctx, input }) => ordersPerDay(ctx, input)),
  toShipCount: staffProcedure.query(({ ctx }) => countToShip(ctx)),
  get: staffProcedure.input(portalOrderRefInput).query(({ ctx, input }) => staffOrderDetail(ctx, input)),
  ship: staffProcedure.input(shipInput).mutation(({ ctx, input }) => shipPackage(ctx, input)),
  correctTracking: staffProcedure.input(shipInput).mutation(({ ctx, input }) => correctTracking(ctx, input)),
  shipMany: staffProcedure.input(shipManyInput).mutation(({ ctx, input }) => shipMany(ctx, input)),
  refund: staffProcedure.input(portalRefundInput).mutation(({ ctx, input }) => refundOrder(ctx, { orderNo: input.orderNo }, { reason: input.reason })),
});
