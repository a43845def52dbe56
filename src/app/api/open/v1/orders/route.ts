import { getOrder } from '@/server/domain/orders/read';
import { createOrderInItsMode } from '@/server/domain/sandbox/orders';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiReadRoute, selfAdmittingOpenApiRoute } from '@/server/open-api/route';

// The order's first round trip carries the request's admission too (domain/orders/create.ts).
export const POST = selfAdmittingOpenApiRoute(endpoints.createOrder, async ({ ctx, body, admit, distributor }) => {
  const { order, created } = await createOrderInItsMode(ctx, body, { admit, distributor });
  return dataResponse(order, created ? 201 : 200);
});

export const GET = openApiReadRoute(endpoints.findOrder, async ({ ctx, query }) => dataResponse(await getOrder(ctx, { mallOrderNo: query.mallOrderNo })));
