import { listCategories } from '@/server/domain/mall/catalog';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiReadRoute } from '@/server/open-api/route';

export const GET = openApiReadRoute(endpoints.listCategories, async ({ ctx }) => dataResponse(await listCategories(ctx)));
