import { changePasswordInput } from '@/server/domain/accounts/schemas';
import { changeOwnPassword } from '@/server/domain/accounts/users';
import { protectedProcedure, router } from '../init';

/** What every signed-in person can do with their own account, whatever the portal. */
export const accountRouter = router({
  me: protectedProcedure.query(({ ctx }) => ({
    role: ctx.actor.kind,
    username: ctx.identity.username,
    displayName: ctx.identity.displayName,
  })),
  changePassword: protectedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changeOwnPassword(ctx, input)),
});
