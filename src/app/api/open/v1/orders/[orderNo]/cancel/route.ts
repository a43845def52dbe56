import { cancelOrder } from '@/server/domain/orders/cancel';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiRoute } from '@/server/open-api/route';

export const POST = openApiRoute(endpoints.cancelOrder, async ({ ctx, params }) => dataResponse(await cancelOrder(ctx, params)));
