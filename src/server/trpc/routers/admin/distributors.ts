import { setSandboxInput, setSandboxMode } from '@/server/domain/sandbox/mode';
import {
  changeLevelInput,
  distributorIdInput,
  listDistributorsInput,
  setDistributorStatusInput,
  setRateLimitsInput,
  staffBindingInput,
  updateDistributorProfileInput,
} from '@/server/domain/distributors/schemas';
import { getBinding, rotateApiSecret, rotateWebhookSecret, updateBinding } from '@/server/domain/distributors/binding';
import {
  changeDistributorLevel,
  getDistributor,
  listDistributors,
  setDistributorRateLimits,
  setDistributorStatus,
  updateDistributorProfile,
} from '@/server/domain/distributors/manage';
import { router, staffProcedure } from '../../init';

/** Staff manage distributors (creation: admin.accounts.createDistributor). */
export const adminDistributorsRouter = router({
  list: staffProcedure.input(listDistributorsInput).query(({ ctx, input }) => listDistributors(ctx, input)),
  get: staffProcedure.input(distributorIdInput).query(({ ctx, input }) => getDistributor(ctx, input)),
  updateProfile: staffProcedure.input(updateDistributorProfileInput).mutation(({ ctx, input }) => updateDistributorProfile(ctx, input)),
  changeLevel: staffProcedure.input(changeLevelInput).mutation(({ ctx, input }) => changeDistributorLevel(ctx, input)),
  setRateLimits: staffProcedure.input(setRateLimitsInput).mutation(({ ctx, input }) => setDistributorRateLimits(ctx, input)),
  setSandbox: staffProcedure.input(setSandboxInput).mutation(({ ctx, input }) => setSandboxMode(ctx, input)),
  setStatus: staffProcedure.input(setDistributorStatusInput).mutation(({ ctx, input }) => setDistributorStatus(ctx, input)),
  binding: staffProcedure.input(distributorIdInput).query(({ ctx, input }) => getBinding(ctx, input)),
  updateBinding: staffProcedure.input(staffBindingInput).mutation(({ ctx, input }) => updateBinding(ctx, input)),
  rotateSecret: staffProcedure.input(distributorIdInput).mutation(({ ctx, input }) => rotateApiSecret(ctx, input)),
  rotateWebhookSecret: staffProcedure.input(distributorIdInput).mutation(({ ctx, input }) => rotateWebhookSecret(ctx, input)),
});
