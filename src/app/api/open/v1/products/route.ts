import { listProductsPage } from '@/server/domain/mall/catalog';
import { endpoints } from '@/server/open-api/endpoints';
import { jsonResponse } from '@/server/open-api/errors';
import { openApiAdmittedReadRoute } from '@/server/open-api/route';

// The page comes as JSON built by PostgreSQL, envelope and all: written out as it is. Its
// checks (a page read ahead, the change horizon) go in the admission's own statement.
export const GET = openApiAdmittedReadRoute(endpoints.listProducts, async ({ ctx, query, admitWith }) => jsonResponse(await listProductsPage(ctx, query, { admitWith })));
