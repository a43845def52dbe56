import { createLevel, deleteLevel, listLevels, updateLevel } from '@/server/domain/distributors/levels';
import { distributorIdInput, levelInput, updateLevelInput } from '@/server/domain/distributors/schemas';
import { router, staffProcedure } from '../../init';

export const adminLevelsRouter = router({
  list: staffProcedure.query(({ ctx }) => listLevels(ctx)),
  create: staffProcedure.input(levelInput).mutation(({ ctx, input }) => createLevel(ctx, input)),
  update: staffProcedure.input(updateLevelInput).mutation(({ ctx, input }) => updateLevel(ctx, input)),
  delete: staffProcedure.input(distributorIdInput).mutation(({ ctx, input }) => deleteLevel(ctx, input)),
});
