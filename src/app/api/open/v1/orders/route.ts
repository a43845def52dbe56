import { createOrder } from '@/server/domain/orders/create';
import { getOrder } from '@/server/domain/orders/read';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiRoute } from '@/server/open-api/route';

export const POST = openApiRoute(endpoints.createOrder, async ({ ctx, body }) => {
  const { order, created } = await createOrder(ctx, body);
  return dataResponse(order, created ? 201 : 200);
});

export const GET = openApiRoute(endpoints.findOrder, async ({ ctx, query }) => dataResponse(await getOrder(ctx, { mallOrderNo: query.mallOrderNo })));
