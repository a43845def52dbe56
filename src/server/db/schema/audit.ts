import { bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { actorKind } from './enums';
import { users } from './users';
import { distributors } from './distributors';
import { createdAt } from './types';

/** Who did what to which record, and when. Written in the transaction of the change. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorKind: actorKind('actor_kind').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    /** Set when a mall (through the open API) acted. */
    actorDistributorId: integer('actor_distributor_id').references(() => distributors.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId, t.id), index('audit_log_created_idx').on(t.createdAt)],
);
