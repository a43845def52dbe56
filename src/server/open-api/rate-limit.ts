import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { rateLimitBuckets } from '@/server/db/schema';
import { DomainError } from '@/server/domain/errors';

export type RateLimit = { perSecond: number; burst: number };

/**
 * Takes one token from the distributor's bucket, or refuses with 429 RATE_LIMITED and the
 * seconds to wait. The bucket lives in the database so every app server shares it, and the
 * decision is one atomic statement: the upsert refills by the time elapsed, and its
 * `WHERE` only lets the update through when a whole token is there. Concurrent requests
 * queue on the bucket's row, so no two of them spend the same token.
 */
export async function takeToken(db: DbOrTx, distributorId: number, limit: RateLimit): Promise<void> {
  const refilled = sql`least(${limit.burst}::float8, ${rateLimitBuckets.tokens} + ${limit.perSecond}::float8 * greatest(0, extract(epoch from clock_timestamp() - ${rateLimitBuckets.refilledAt})))`;
  const taken = await db
    .insert(rateLimitBuckets)
    .values({ distributorId, tokens: sql`${limit.burst - 1}::float8`, refilledAt: sql`clock_timestamp()` })
    .onConflictDoUpdate({
      target: rateLimitBuckets.distributorId,
      set: { tokens: sql`${refilled} - 1`, refilledAt: sql`clock_timestamp()` },
      setWhere: sql`${refilled} >= 1`,
    })
    .returning({ tokens: rateLimitBuckets.tokens });
  if (taken.length > 0) return;

  // Refused: say how long until a token is back (informational, so a plain read will do).
  const [bucket] = await db.execute<{ tokens: number }>(
    sql`select ${refilled} as tokens from ${rateLimitBuckets} where ${rateLimitBuckets.distributorId} = ${distributorId}`,
  );
  const missing = 1 - Number(bucket?.tokens ?? 0);
  const retryAfterSeconds = Math.max(1, Math.ceil(missing / limit.perSecond));
  throw new DomainError('RATE_LIMITED', `Too many requests: at most ${limit.perSecond} per second (bursts of ${limit.burst})`, {
    retryAfterSeconds,
    limitPerSecond: limit.perSecond,
    burst: limit.burst,
  });
}
