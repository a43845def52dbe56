import { auditLog } from '@/server/db/schema';
import { type Ctx, actorDistributorId, actorUserId } from './context';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string | number;
  detail?: Record<string, unknown>;
};

/** Appends to the audit log, inside the caller's transaction so it commits with the change. */
export async function recordAudit(ctx: Ctx, entry: AuditEntry) {
  await ctx.db.insert(auditLog).values({
    actorKind: ctx.actor.kind,
    actorUserId: actorUserId(ctx.actor),
    actorDistributorId: actorDistributorId(ctx.actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    detail: entry.detail ?? {},
  });
}
