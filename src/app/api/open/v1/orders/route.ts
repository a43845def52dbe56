import { getOrder } from '@/server/domain/orders/read';
import { createOrderInItsMode } from '@/server/domain/sandbox/orders';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiAdmittedReadRoute, openApiReadRoute } from '@/server/open-api/route';

// The order's planning reads go in the request's admission (domain/orders/create.ts).
export const POST = openApiAdmittedReadRoute(endpoints.createOrder, async ({ ctx, body, admit, admitWith, distributor }) => {
  const { order, created } = await createOrderInItsMode(ctx, body, { admit, admitWith, distributor });
  return dataResponse(order, created ? 201 : 200);
});

export const GET = openApiReadRoute(endpoints.findOrder, async ({ ctx, query }) => dataResponse(await getOrder(ctx, { mallOrderNo: query.mallOrderNo })));
