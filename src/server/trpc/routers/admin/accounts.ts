import { createDistributorInput, createSupplierInput } from '@/server/domain/accounts/schemas';
import { createDistributor } from '@/server/domain/distributors/create';
import { createSupplier } from '@/server/domain/suppliers/create';
import { router, staffProcedure } from '../../init';

/** Staff create the supplier and distributor accounts (the full pages come with issues 3 and 4). */
export const adminAccountsRouter = router({
  createSupplier: staffProcedure.input(createSupplierInput).mutation(({ ctx, input }) => createSupplier(ctx, input)),
  createDistributor: staffProcedure.input(createDistributorInput).mutation(({ ctx, input }) => createDistributor(ctx, input)),
});
