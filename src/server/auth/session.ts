import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDb } from '@/server/db';
import { resolveSession, type SessionIdentity } from '@/server/domain/accounts/session';
import { authOptions } from './options';

/**
 * The signed-in person for this request, checked against the database (disabled accounts
 * and changed passwords end sessions at once), or null. Cached per request.
 */
export const getSessionIdentity = cache(async (): Promise<SessionIdentity | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.claims?.userId) return null;
  return resolveSession(getDb(), session.claims);
});
