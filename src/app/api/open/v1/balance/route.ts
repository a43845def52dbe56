import { getBalance } from '@/server/domain/wallet/statement';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiRoute } from '@/server/open-api/route';

export const GET = openApiRoute(endpoints.getBalance, async ({ ctx }) => {
  const { balance, currency } = await getBalance(ctx);
  return dataResponse({ balance, currency });
});
