import { doublePrecision, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { distributors } from './distributors';
import { createdAt, tstz } from './types';

/** Nonces seen per distributor, kept at least 10 minutes, so a captured request cannot be replayed. */
export const apiNonces = pgTable(
  'api_nonces',
  {
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id, { onDelete: 'cascade' }),
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

