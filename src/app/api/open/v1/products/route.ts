import { listProducts } from '@/server/domain/mall/catalog';
import { endpoints } from '@/server/open-api/endpoints';
import { listResponse } from '@/server/open-api/errors';
import { openApiReadRoute } from '@/server/open-api/route';

export const GET = openApiReadRoute(endpoints.listProducts, async ({ ctx, query }) => {
  const page = await listProducts(ctx, query);
  return listResponse(page.data, page.nextCursor);
});
