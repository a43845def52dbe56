import { getProduct } from '@/server/domain/mall/catalog';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiReadRoute } from '@/server/open-api/route';

export const GET = openApiReadRoute(endpoints.getProduct, async ({ ctx, params }) => dataResponse(await getProduct(ctx, params.id)));
