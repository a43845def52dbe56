import { selectionInput } from '@/server/domain/distributors/schemas';
import { getSelection, setSelection } from '@/server/domain/distributors/selection';
import { distributorProcedure, router } from '../../init';

export const distributorSelectionRouter = router({
  get: distributorProcedure.query(({ ctx }) => getSelection(ctx)),
  set: distributorProcedure.input(selectionInput).mutation(({ ctx, input }) => setSelection(ctx, input)),
});
