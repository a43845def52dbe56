import { getSessionIdentity } from '@/server/auth/session';
import { createTRPCContext } from '@/server/trpc/init';
import { createCaller } from '@/server/trpc/root';

/** For server components: call procedures directly, as the signed-in user, without HTTP. */
export async function serverCaller() {
  return createCaller(await createTRPCContext({ getIdentity: getSessionIdentity }));
}
