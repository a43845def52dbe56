import { distributorOrderDetail } from '@/server/domain/orders/detail';
import { listDistributorOrders, ordersPerDay } from '@/server/domain/orders/list';
import { refundOrder } from '@/server/domain/orders/refund';
import { simulateShipment } from '@/server/domain/sandbox/ship';
import { listOrdersInput, ordersPerDayInput, portalOrderRefInput, portalRefundInput } from '@/server/domain/orders/schemas';
import { distributorProcedure, router } from '../../init';

/** A distributor's own orders; it refunds an unshipped one as its mall can through the API (the same verb). */
export const distributorOrdersRouter = router({
  list: distributorProcedure.input(listOrdersInput.omit({ distributorId: true })).query(({ ctx, input }) => listDistributorOrders(ctx, input)),
  perDay: distributorProcedure.input(ordersPerDayInput).query(({ ctx, input }) => ordersPerDay(ctx, input)),
  get: distributorProcedure.input(portalOrderRefInput).query(({ ctx, input }) => distributorOrderDetail(ctx, input)),
  refund: distributorProcedure.input(portalRefundInput).mutation(({ ctx, input }) => refundOrder(ctx, { orderNo: input.orderNo }, { reason: input.reason })),
  /** Test mode: the distributor ships its own paid test order, so its mall hears order.shipped (domain/sandbox/ship.ts). */
  simulateShipment: distributorProcedure.input(portalOrderRefInput).mutation(({ ctx, input }) => simulateShipment(ctx, { orderNo: input.orderNo })),
});
