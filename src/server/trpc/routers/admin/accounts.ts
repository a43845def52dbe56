import { createDistributorInput } from '@/server/domain/accounts/schemas';
import { createDistributor } from '@/server/domain/distributors/create';
import { router, staffProcedure } from '../../init';

/** Staff create distributor accounts (suppliers: admin.suppliers.create). */
export const adminAccountsRouter = router({
  createDistributor: staffProcedure.input(createDistributorInput).mutation(({ ctx, input }) => createDistributor(ctx, input)),
});
