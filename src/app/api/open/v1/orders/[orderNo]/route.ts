import { getOrder } from '@/server/domain/orders/read';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiReadRoute } from '@/server/open-api/route';

export const GET = openApiReadRoute(endpoints.getOrder, async ({ ctx, params }) => dataResponse(await getOrder(ctx, params)));
