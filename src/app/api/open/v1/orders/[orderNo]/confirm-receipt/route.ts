import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiRoute } from '@/server/open-api/route';

export const POST = openApiRoute(endpoints.confirmReceipt, async ({ ctx, params }) => dataResponse(await confirmReceipt(ctx, params)));
