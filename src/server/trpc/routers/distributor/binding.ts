import { getBinding, rotateApiSecret, rotateWebhookSecret, updateBinding } from '@/server/domain/distributors/binding';
import { bindingInput } from '@/server/domain/distributors/schemas';
import { distributorProcedure, router } from '../../init';

/** The distributor's own binding: no input names a distributor, the session does. */
export const distributorBindingRouter = router({
  get: distributorProcedure.query(({ ctx }) => getBinding(ctx)),
  update: distributorProcedure.input(bindingInput).mutation(({ ctx, input }) => updateBinding(ctx, input)),
  rotateSecret: distributorProcedure.mutation(({ ctx }) => rotateApiSecret(ctx)),
  rotateWebhookSecret: distributorProcedure.mutation(({ ctx }) => rotateWebhookSecret(ctx)),
});
