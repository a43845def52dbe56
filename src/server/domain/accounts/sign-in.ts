import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { loginFailures, users } from '@/server/db/schema';
import { env } from '@/server/config/env';
import { DomainError } from '../errors';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { selectLogin } from './session';

export type SessionUser = {
  userId: number;
  username: string;
  displayName: string;
  role: 'staff' | 'supplier' | 'distributor';
  supplierId: number | null;
  distributorId: number | null;
  sessionVersion: number;
};

/**
 * Checks a username and password. Failed attempts are counted per username and per
 * client address over a sliding window; past either limit, sign-in is refused without
 * looking at the password (RATE_LIMITED), which caps how fast anyone can guess.
 *
 * Each attempt is recorded before it is counted, and counts itself: guesses sent at once
 * (to one server or several) each see every attempt recorded before theirs, so no more
 * than the limit ever reach the password check. A count taken before recording let every
 * one of them through. The record stays as the failure when the password is wrong and is
 * removed otherwise.
 */
export async function verifySignIn(db: Db, input: { username: string; password: string; ip: string }): Promise<SessionUser> {
  const username = input.username.trim().toLowerCase();
  const since = new Date(Date.now() - env.loginFailureWindowMinutes * 60_000);

  const [attempt] = await db.insert(loginFailures).values({ username, ip: input.ip }).returning({ id: loginFailures.id });
  const forget = () => db.delete(loginFailures).where(eq(loginFailures.id, attempt.id));
  const [[byName], [byIp]] = await Promise.all([
    db.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.username, username), gt(loginFailures.createdAt, since))),
    db.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.ip, input.ip), gt(loginFailures.createdAt, since))),
  ]);
  if (byName.n > env.loginMaxFailuresPerUsername || byIp.n > env.loginMaxFailuresPerIp) {
    await forget();
    throw new DomainError('RATE_LIMITED', 'Too many failed sign-ins; wait a few minutes and try again', {
      retryAfterSeconds: env.loginFailureWindowMinutes * 60,
    });
  }

  const [row] = await selectLogin(db)
    .where(eq(users.username, username));

  const passwordOk = await verifyPassword(row?.passwordHash ?? (await dummyPasswordHash()), input.password);
  // A wrong password: the attempt's record is its failure.
  if (!row || !passwordOk) throw new DomainError('UNAUTHENTICATED', 'Wrong username or password');
  // Only after the password is right do we say the account is disabled: it reveals nothing to a guesser.
  if (row.status !== 'active' || row.supplierStatus === 'disabled' || row.distributorStatus === 'disabled') {
    await forget();
    throw new DomainError('FORBIDDEN', 'This account is disabled; contact the platform staff');
  }

  await Promise.all([
    db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, row.id)),
    // This attempt's record and the username's failures before it.
    db.delete(loginFailures).where(eq(loginFailures.username, username)),
    // Old failures are no longer counted; keep the table small.
    db.delete(loginFailures).where(lt(loginFailures.createdAt, new Date(Date.now() - 24 * 3600_000))),
  ]);

  return {
    userId: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    supplierId: row.supplierId,
    distributorId: row.distributorId,
    sessionVersion: row.sessionVersion,
  };
}
