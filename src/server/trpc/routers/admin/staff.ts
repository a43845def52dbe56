import { createStaffUserInput, resetPasswordInput, setUserStatusInput } from '@/server/domain/accounts/schemas';
import { createStaffUser, listStaffUsers, resetPassword, setUserStatus } from '@/server/domain/accounts/users';
import { router, staffProcedure } from '../../init';

export const adminStaffRouter = router({
  list: staffProcedure.query(({ ctx }) => listStaffUsers(ctx)),
  create: staffProcedure.input(createStaffUserInput).mutation(({ ctx, input }) => createStaffUser(ctx, input)),
  setStatus: staffProcedure.input(setUserStatusInput).mutation(({ ctx, input }) => setUserStatus(ctx, input)),
  resetPassword: staffProcedure.input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx, input)),
});
