import { DomainError } from '@/server/domain/errors';
import { prepared } from '@/server/db/prepared';
import type postgres from 'postgres';

export type RateLimit = { perSecond: number; burst: number };

/**
 * What a request's verification depends on, hashed: the distributor's status, key and
 * secrets, whitelist, level, fee and selection, and test mode. verify.ts caches distributors between
 * requests and compares this with the admission's answer, so a disable, a rotation or a
 * whitelist change bites on the very next request on every app server.
 */
export const CREDENTIALS_FINGERPRINT = `md5(row(d.status, d.code, d.app_key, d.level_id, d.selection_mode, d.secret_ciphertext,
  d.previous_secret_ciphertext, d.previous_secret_expires_at, d.ip_whitelist, l.fee_bps, d.sandbox)::text)`;

type AdmissionRow = { fresh: boolean; admitted: boolean; available: number | null; per_second: number; burst: number; fingerprint: string | null };

/** Tokens in a bucket now: what it held, refilled at the distributor's rate since, up to its burst. */
const available = (bucket: string) => `least(limits.burst, ${bucket}.tokens + limits.per_second * greatest(0, extract(epoch from clock_timestamp() - ${bucket}.refilled_at)))`;

const admit = prepared<AdmissionRow>(`
  with limits as (
    select coalesce(d.rate_limit_per_second, l.rate_limit_per_second)::float8 as per_second,
           coalesce(d.rate_limit_burst, l.rate_limit_burst)::float8 as burst,
           ${CREDENTIALS_FINGERPRINT} as fingerprint
    from distributors d join distributor_levels l on l.id = d.level_id
    where d.id = $1::int
  ), fresh as (
    insert into api_nonces (distributor_id, nonce) select $1::int, $2::text from limits
    on conflict do nothing
    returning 1
  ), token as (
    insert into rate_limit_buckets as b (distributor_id, tokens, refilled_at)
    select $1::int, limits.burst - 1, clock_timestamp() from limits
    on conflict (distributor_id) do update
      set tokens = (select ${available('b')} from limits) - 1, refilled_at = clock_timestamp()
      where (select ${available('b')} from limits) >= 1
    returning 1
  )
  select exists (select 1 from fresh) as fresh,
         exists (select 1 from token) as admitted,
         (select ${available('r')} from rate_limit_buckets r, limits where r.distributor_id = $1::int) as available,
         limits.per_second, limits.burst, limits.fingerprint
  from limits`);

export type Admission = {
  /** The distributor's credentials fingerprint now (null: it is gone). */
  fingerprint: string | null;
  /** Throws the request's refusal, if any: replayed nonce or empty bucket. */
  enforce(): void;
};

/**
 * Admits a request whose signature is good, in ONE prepared statement (one round trip, one
 * commit):
 * - records its nonce (refused if the distributor used it before: a replay), and
 * - takes a token from the distributor's bucket (refused when empty: 429 with the seconds
 *   to wait), at the rate and burst configured for it or its level.
 * The bucket lives in the database, so every app server shares it. The upsert refills it
 * by the time elapsed and its `WHERE` lets the update through only when a whole token is
 * there; concurrent requests queue on the bucket's row, so no two spend the same token.
 * A replayed nonce still spends a token, which is fair: it is a request.
 */
export async function admitRequest(client: postgres.Sql, distributorId: number, nonce: string): Promise<Admission> {
  // Sent at once (not on the await), so it goes first on a connection shared with other statements.
  const [row] = await admit(client, [distributorId, nonce]).execute();
  return {
    fingerprint: row?.fingerprint ?? null,
    enforce() {
      if (!row) throw new DomainError('UNAUTHENTICATED', 'Unknown distributor code or app key');
      if (!row.admitted) {
        const missing = 1 - Number(row.available ?? 0);
        const perSecond = Number(row.per_second);
        throw new DomainError('RATE_LIMITED', `Too many requests: at most ${perSecond} per second (bursts of ${Number(row.burst)})`, {
          retryAfterSeconds: Math.max(1, Math.ceil(missing / perSecond)),
          limitPerSecond: perSecond,
          burst: Number(row.burst),
        });
      }
      if (!row.fresh) throw new DomainError('NONCE_REUSED', 'This nonce was used before: sign every request with a new nonce');
    },
  };
}
