import { listEvents } from '@/server/domain/events/feed';
import { endpoints } from '@/server/open-api/endpoints';
import { listResponse } from '@/server/open-api/errors';
import { openApiReadRoute } from '@/server/open-api/route';

export const GET = openApiReadRoute(endpoints.listEvents, async ({ ctx, query }) => {
  const page = await listEvents(ctx, query);
  return listResponse(page.data, page.nextCursor);
});
