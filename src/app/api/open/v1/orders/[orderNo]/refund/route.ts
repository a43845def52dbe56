import { refundOrder } from '@/server/domain/orders/refund';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiRoute } from '@/server/open-api/route';

export const POST = openApiRoute(endpoints.refundOrder, async ({ ctx, params, body }) => dataResponse(await refundOrder(ctx, params, body)));
