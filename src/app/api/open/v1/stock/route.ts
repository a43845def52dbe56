import { stockLevels } from '@/server/domain/mall/catalog';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiReadRoute } from '@/server/open-api/route';

export const POST = openApiReadRoute(endpoints.stockLevels, async ({ ctx, body }) => dataResponse(await stockLevels(ctx, body)));
