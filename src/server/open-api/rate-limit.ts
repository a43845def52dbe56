import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { DomainError } from '@/server/domain/errors';

export type RateLimit = { perSecond: number; burst: number };

/**
 * Admits a request whose signature is good, in ONE statement (one round trip, one commit):
 * - records its nonce (refused if the distributor used it before: a replay), and
 * - takes a token from the distributor's bucket (refused when empty: 429 with the seconds
 *   to wait).
 * The bucket lives in the database, so every app server shares it. The upsert refills it
 * by the time elapsed and its `WHERE` lets the update through only when a whole token is
 * there; concurrent requests queue on the bucket's row, so no two spend the same token.
 * A replayed nonce still spends a token, which is fair: it is a request.
 */
export async function admitRequest(db: DbOrTx, distributorId: number, nonce: string, limit: RateLimit): Promise<void> {
  const available = (bucket: string) =>
    sql.raw(`least(${Number(limit.burst)}::float8, ${bucket}.tokens + ${Number(limit.perSecond)}::float8 * greatest(0, extract(epoch from clock_timestamp() - ${bucket}.refilled_at)))`);
  const [row] = await db.execute<{ fresh: boolean; admitted: boolean; available: number | null }>(sql`
    with fresh as (
      insert into api_nonces (distributor_id, nonce) values (${distributorId}, ${nonce})
      on conflict do nothing
      returning 1
    ), token as (
      insert into rate_limit_buckets as b (distributor_id, tokens, refilled_at)
      values (${distributorId}, ${limit.burst - 1}::float8, clock_timestamp())
      on conflict (distributor_id) do update
        set tokens = ${available('b')} - 1, refilled_at = clock_timestamp()
        where ${available('b')} >= 1
      returning 1
    )
    select exists (select 1 from fresh) as fresh,
           exists (select 1 from token) as admitted,
           (select ${available('r')} from rate_limit_buckets r where r.distributor_id = ${distributorId}) as available`);
  if (!row.admitted) {
    const missing = 1 - Number(row.available ?? 0);
    throw new DomainError('RATE_LIMITED', `Too many requests: at most ${limit.perSecond} per second (bursts of ${limit.burst})`, {
      retryAfterSeconds: Math.max(1, Math.ceil(missing / limit.perSecond)),
      limitPerSecond: limit.perSecond,
      burst: limit.burst,
    });
  }
  if (!row.fresh) throw new DomainError('NONCE_REUSED', 'This nonce was used before: sign every request with a new nonce');
}
