import { stockLevels } from '@/server/domain/mall/catalog';
import { endpoints } from '@/server/open-api/endpoints';
import { jsonResponse } from '@/server/open-api/errors';
import { openApiAdmittedReadRoute } from '@/server/open-api/route';

export const POST = openApiAdmittedReadRoute(endpoints.stockLevels, async ({ ctx, body, admitWith }) => jsonResponse(await stockLevels(ctx, body, { admitWith })));
