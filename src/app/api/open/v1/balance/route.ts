import { sandboxBalance } from '@/server/domain/sandbox/orders';
import { getBalance } from '@/server/domain/wallet/statement';
import { endpoints } from '@/server/open-api/endpoints';
import { dataResponse } from '@/server/open-api/errors';
import { openApiRoute } from '@/server/open-api/route';

// Admitted before it reads: test mode, refreshed by the admission, decides which balance it is.
export const GET = openApiRoute(endpoints.getBalance, async ({ ctx, distributor }) => {
  // In test mode the mall sees its test balance (domain/sandbox).
  if (distributor.sandbox) return dataResponse({ balance: await sandboxBalance(ctx.db, distributor.id), currency: 'CNY' });
  const { balance, currency } = await getBalance(ctx);
  return dataResponse({ balance, currency });
});
