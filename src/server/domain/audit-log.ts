import { and, desc, eq, like, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, distributors, users } from '@/server/db/schema';
import type { StaffCtx } from './context';
import { idSchema } from './ids';

export const listAuditInput = z.strictObject({
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  /** Matches actions starting with this, e.g. "product." */
  action: z.string().trim().max(64).optional(),
  actorKind: z.enum(['staff', 'supplier', 'distributor', 'mall', 'system']).optional(),
  /** Keyset cursor: the last id of the previous page (newest first). */
  cursor: idSchema.optional(),
  /**
   * tRPC's infinite queries add the direction TanStack Query fetches in to every page's input
   * (the page sends it without naming it); pages only go forward, older entries after newer.
   */
  direction: z.literal('forward').optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

/** The audit log for staff, newest first, filtered and paged by id. */
export async function listAuditLog(ctx: StaffCtx, input: z.output<typeof listAuditInput>) {
  const where: SQL[] = [];
  if (input.entityType) where.push(eq(auditLog.entityType, input.entityType));
  if (input.entityId) where.push(eq(auditLog.entityId, input.entityId));
  if (input.action) where.push(like(auditLog.action, `${input.action.replace(/[%_\\]/g, '\\$&')}%`));
  if (input.actorKind) where.push(eq(auditLog.actorKind, input.actorKind));
  if (input.cursor) where.push(lt(auditLog.id, input.cursor));
  const rows = await ctx.db
    .select({
      id: auditLog.id,
      actorKind: auditLog.actorKind,
      actorUsername: users.username,
      actorDistributorCode: distributors.code,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      detail: auditLog.detail,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(distributors, eq(distributors.id, auditLog.actorDistributorId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { items: page, nextCursor: rows.length > input.limit ? page[page.length - 1].id : null };
}
