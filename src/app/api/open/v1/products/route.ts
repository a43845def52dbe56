import { listProductsPage } from '@/server/domain/mall/catalog';
import { endpoints } from '@/server/open-api/endpoints';
import { jsonResponse } from '@/server/open-api/errors';
import { openApiReadRoute } from '@/server/open-api/route';

// The page comes as JSON built by PostgreSQL, envelope and all: written out as it is.
export const GET = openApiReadRoute(endpoints.listProducts, async ({ ctx, query }) => jsonResponse(await listProductsPage(ctx, query)));
