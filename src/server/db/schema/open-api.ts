import { bigserial, doublePrecision, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { distributors } from './distributors';
import { createdAt, tstz } from './types';

/**
 * Nonces seen per distributor, kept at least 10 minutes, so a captured request cannot be replayed.
 * No foreign key to distributors, on purpose: checking one locks the distributor's row (FOR KEY
 * SHARE), a write-ahead-logged change that made every admission's commit wait for a disk flush
 * although this table is unlogged (drizzle/0014). The admission inserts nonces only for
 * distributors it has just read, and the prune job deletes old ones (distributors are never
 * deleted, only disabled).
 */
export const apiNonces = pgTable(
  'api_nonces',
  {
    distributorId: integer('distributor_id').notNull(),
    nonce: text('nonce').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.distributorId, t.nonce] }), index('api_nonces_created_idx').on(t.createdAt)],
);

/**
 * Token-bucket state per distributor, in the database so that several app servers
 * share one limit.
 */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  distributorId: integer('distributor_id')
    .primaryKey()
    .references(() => distributors.id, { onDelete: 'cascade' }),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: tstz('refilled_at').notNull(),
});


/**
 * What the open API answered, for the distributor's self-test console: refused requests,
 * and a sample of the successful ones (open-api/request-log.ts writes it in batches, off the
 * request path). Keyed by the distributor code as sent, so a request refused before the
 * distributor was known still shows to the distributor it named. Kept 72 hours.
 */
export const apiRequestLog = pgTable(
  'api_request_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    distributorCode: text('distributor_code').notNull(),
    method: text('method').notNull(),
    target: text('target').notNull(),
    status: integer('status').notNull(),
    errorCode: text('error_code'),
    message: text('message'),
    clientIp: text('client_ip'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('api_request_log_code_idx').on(t.distributorCode, t.id), index('api_request_log_created_idx').on(t.createdAt)],
);
