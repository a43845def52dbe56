import { payOrder } from '@/server/domain/orders/pay';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiRoute } from '@/server/open-api/route';

export const POST = openApiRoute(endpoints.payOrder, async ({ ctx, params }) => dataResponse(await payOrder(ctx, params)));
