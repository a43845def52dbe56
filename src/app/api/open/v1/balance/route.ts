import { getBalance } from '@/server/domain/mall/balance';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiRoute } from '@/server/open-api/route';

export const GET = openApiRoute(endpoints.getBalance, async ({ ctx }) => dataResponse(await getBalance(ctx)));
