import type { SessionIdentity } from '@/server/domain/accounts/session';
import { createCaller } from '@/server/trpc/root';
import { testDb } from './db';

/** Calls procedures as `identity` (or signed out), exactly as the HTTP handler would. */
export function callerAs(identity: SessionIdentity | null) {
  return createCaller({ db: testDb(), identity });
}
