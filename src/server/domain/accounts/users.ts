import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { users } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { Ctx, StaffCtx } from '../context';
import { DomainError, isUniqueViolation, notFound } from '../errors';
import { assertPasswordAllowed } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import type { changePasswordInput, createStaffUserInput, resetPasswordInput, setUserStatusInput } from './schemas';

type NewUser = {
  username: string;
  password: string;
  displayName?: string;
} & (
  | { role: 'staff' }
  | { role: 'supplier'; supplierId: number }
  | { role: 'distributor'; distributorId: number }
);

/** Inserts a login inside the caller's transaction; a taken username is a clear CONFLICT. */
export async function insertUser(tx: Tx, user: NewUser) {
  assertPasswordAllowed(user.password, { username: user.username, field: 'password' });
  const passwordHash = await hashPassword(user.password);
  try {
    // A savepoint, so that a taken username leaves the caller's transaction usable.
    return await tx.transaction(async (sp) => {
      const [row] = await sp
        .insert(users)
        .values({
          username: user.username,
          passwordHash,
          role: user.role,
          displayName: user.displayName ?? '',
          supplierId: user.role === 'supplier' ? user.supplierId : null,
          distributorId: user.role === 'distributor' ? user.distributorId : null,
        })
        .returning({ id: users.id, username: users.username });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e, 'users_username_unique')) {
      throw new DomainError('CONFLICT', `The username "${user.username}" is taken`, { field: 'username' });
    }
    throw e;
  }
}

export async function createStaffUser(ctx: StaffCtx, input: z.output<typeof createStaffUserInput>) {
  return ctx.db.transaction(async (tx) => {
    const user = await insertUser(tx, { role: 'staff', ...input });
    await recordAudit({ ...ctx, db: tx }, { action: 'user.create', entityType: 'user', entityId: user.id, detail: { role: 'staff', username: user.username } });
    return user;
  });
}

export async function listStaffUsers(ctx: StaffCtx) {
  return ctx.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      status: users.status,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.role, 'staff'))
    .orderBy(asc(users.id));
}

/** A signed-in user changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(ctx: Ctx, input: z.output<typeof changePasswordInput>) {
  if (!('userId' in ctx.actor)) throw new DomainError('FORBIDDEN', 'Only a signed-in user has a password');
  const userId = ctx.actor.userId;
  const [user] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user) throw notFound('User');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('INVALID_REQUEST', 'The current password is wrong', { field: 'currentPassword' });
  }
  await updatePassword(ctx, userId, input.newPassword);
}

/** Staff set a new password for any account (e.g. a supplier who lost theirs). */
export async function resetPassword(ctx: StaffCtx, input: z.output<typeof resetPasswordInput>) {
  await updatePassword(ctx, input.userId, input.newPassword);
}

async function updatePassword(ctx: Ctx, userId: number, newPassword: string) {
  const [user] = await ctx.db.select({ username: users.username }).from(users).where(eq(users.id, userId));
  if (!user) throw notFound('User');
  assertPasswordAllowed(newPassword, { username: user.username, field: 'newPassword' });
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      // Bumping the version revokes every session token issued before this moment.
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (!row) throw notFound('User');
    await recordAudit({ ...ctx, db: tx }, { action: 'user.password_change', entityType: 'user', entityId: userId });
  });
}

/** Disabling ends the user's sessions at once; enabling lets them sign in again. */
export async function setUserStatus(ctx: StaffCtx, input: z.output<typeof setUserStatusInput>) {
  if (input.userId === ctx.actor.userId && input.status === 'disabled') {
    throw new DomainError('INVALID_REQUEST', 'You cannot disable your own account');
  }
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ status: input.status, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(and(eq(users.id, input.userId)))
      .returning({ id: users.id });
    if (!row) throw notFound('User');
    await recordAudit({ ...ctx, db: tx }, { action: `user.${input.status === 'active' ? 'enable' : 'disable'}`, entityType: 'user', entityId: input.userId });
  });
}
