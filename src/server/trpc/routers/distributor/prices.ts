import { listPrices } from '@/server/domain/distributors/prices';
import { priceListInput } from '@/server/domain/distributors/schemas';
import { distributorProcedure, router } from '../../init';

export const distributorPricesRouter = router({
  list: distributorProcedure.input(priceListInput).query(({ ctx, input }) => listPrices(ctx, input)),
});
