import type postgres from 'postgres';
import { Batcher } from '@/server/db/batch';
import { prepared } from '@/server/db/prepared';
import { DomainError } from '@/server/domain/errors';

export type RateLimit = { perSecond: number; burst: number };

/**
 * What a request's verification depends on, hashed: the distributor's status, key and
 * secrets, whitelist, level, fee and selection, and test mode. verify.ts caches distributors between
 * requests and compares this with the admission's answer, so a disable, a rotation or a
 * whitelist change bites on the very next request on every app server.
 */
export const CREDENTIALS_FINGERPRINT = `md5(row(d.status, d.code, d.app_key, d.level_id, d.selection_mode, d.secret_ciphertext,
  d.previous_secret_ciphertext, d.previous_secret_expires_at, d.ip_whitelist, l.fee_bps, d.sandbox)::text)`;

type AdmissionRow = {
  before_epoch: boolean;
  fresh: boolean;
  admitted: boolean;
  available: number | null;
  per_second: number | null;
  burst: number | null;
  fingerprint: string | null;
};

/** The admission's own columns (`admissionStatement`'s select, before a read's). */
const ADMISSION_COLUMNS = ['before_epoch', 'fresh', 'admitted', 'available', 'per_second', 'burst', 'fingerprint'] as const satisfies readonly (keyof AdmissionRow)[];

/**
 * A read sent in the admission's own statement (`admitAndRead`): one round trip and one
 * statement for a batch of requests instead of two, the read done only for the requests the
 * admission lets through. `inputs` are the read's arrays, one element per request after the
 * admission's own (`$4` on), named as columns of `decided`; `join` and `columns` read over
 * `decided`, one row per request with its admission (`answered`: admitted, fresh, signed
 * after the nonce record began), `distributor_id`, its `level_id` as it is now, and the
 * inputs; `result` turns a row into the answer (refused rows are never asked). With `raw`,
 * the read's columns come as the bytes PostgreSQL sent (postgres.js `raw()`), for an answer
 * passed on as it is (`POST /stock`): never decoded into a string, nor encoded again.
 */
export type AdmittedRead<Item, Out> = {
  inputs: { name: string; type: string; of: (item: Item) => unknown }[];
  columns: string;
  join: string;
  result: (row: Record<string, unknown>) => Out;
  raw?: boolean;
};

/**
 * The admission of a batch of requests (their distributors, nonces and signing times, in
 * arrival order), one row per request in the same order. Per distributor in the batch:
 * its limits and credentials fingerprint, and as many tokens as it has requests here,
 * taken at once from its bucket (`hub_take_tokens`, drizzle/0012: buckets locked in id
 * order, so batches of several servers never deadlock; nonces are inserted only after
 * every bucket is held). The first `granted` requests of a distributor are admitted; a
 * nonce is fresh if this batch inserted it, for its first request only (a replay inside
 * the batch is not). Refused requests spend a token all the same: they are requests.
 * With a read (`AdmittedRead`), its columns follow the admission's.
 *
 * The arrays are read through `(SELECT $n)`, which the planner cannot see into: every batch
 * then has the same estimated cost, and PostgreSQL keeps one generic plan for the statement.
 * Seeing the arrays, it planned every batch anew (custom plans, cheaper by its estimate for a
 * batch of one): 0.4–0.7 ms of planning, more than the statement's own 0.2–0.3 ms
 * (BENCHMARKS.md, full sync).
 */
function admissionStatement(read?: AdmittedRead<never, unknown>): string {
  const inputs = read?.inputs ?? [];
  return `
  with req as (
    select *
    from unnest((SELECT $1::int[]), (SELECT $2::text[]), (SELECT $3::bigint[])${inputs.map((input, i) => `, (SELECT $${i + 4}::${input.type})`).join('')})
      with ordinality as r(distributor_id, nonce, signed_at${inputs.map((input) => `, ${input.name}`).join('')}, n)
  ), limits as (
    select d.id, d.level_id, coalesce(d.rate_limit_per_second, l.rate_limit_per_second)::float8 as per_second,
           coalesce(d.rate_limit_burst, l.rate_limit_burst)::float8 as burst,
           ${CREDENTIALS_FINGERPRINT} as fingerprint,
           (select count(*) from req where req.distributor_id = d.id)::int as wanted
    from distributors d join distributor_levels l on l.id = d.level_id
    where d.id in (select distributor_id from req)
  ), tokens as materialized (
    select limits.id, t.granted, t.available
    from (select * from limits order by id) limits, lateral hub_take_tokens(limits.id, limits.wanted, limits.per_second, limits.burst) t
  ), fresh as (
    insert into api_nonces (distributor_id, nonce)
    select distinct req.distributor_id, req.nonce from req join tokens on tokens.id = req.distributor_id
    order by 1, 2
    on conflict do nothing
    returning distributor_id, nonce
  ), ranked as (
    select req.*, row_number() over (partition by req.distributor_id order by req.n) as turn,
           row_number() over (partition by req.distributor_id, req.nonce order by req.n) as copy
    from req
  ), epoch as (
    select floor(extract(epoch from hub_nonce_epoch()))::bigint as since
  ), decided as (
    select ranked.*, limits.level_id,
           ranked.signed_at < epoch.since as before_epoch,
           ranked.copy = 1 and exists (select 1 from fresh f where f.distributor_id = ranked.distributor_id and f.nonce = ranked.nonce) as fresh,
           coalesce(ranked.turn <= tokens.granted, false) as admitted,
           tokens.available, limits.per_second, limits.burst, limits.fingerprint
    from ranked cross join epoch
    left join limits on limits.id = ranked.distributor_id
    left join tokens on tokens.id = ranked.distributor_id
  )
  select ${ADMISSION_COLUMNS.map((column) => `decided.${column}`).join(', ')}${read ? `, ${read.columns}` : ''}
  from ${read ? `(select *, admitted and fresh and not before_epoch as answered from decided) decided ${read.join}` : 'decided'}
  order by decided.n`;
}

const admitBatch = prepared<AdmissionRow>(admissionStatement());

export type Ticket = { distributorId: number; nonce: string; signedAt: number };

/** One admission batcher per connection pool (tests open several). */
const batchers = new WeakMap<postgres.Sql, Batcher<Ticket, AdmissionRow>>();

function batcherFor(pool: postgres.Sql) {
  let batcher = batchers.get(pool);
  if (!batcher) {
    batcher = new Batcher<Ticket, AdmissionRow>(async (tickets) =>
      admitBatch(pool, [tickets.map((t) => t.distributorId), tickets.map((t) => t.nonce), tickets.map((t) => t.signedAt)]),
    );
    batchers.set(pool, batcher);
  }
  return batcher;
}

export type Admission = {
  /** The distributor's credentials fingerprint now (null: it is gone). */
  fingerprint: string | null;
  /** Throws the request's refusal, if any: empty bucket, replayed nonce, signed before the nonce record began. */
  enforce(): void;
};

/**
 * Admits a request whose signature is good:
 * - records its nonce (refused if the distributor used it before: a replay), and
 * - takes a token from the distributor's bucket (refused when empty: 429 with the seconds
 *   to wait), at the rate and burst configured for it or its level.
 * Nonces and buckets live in the database, so every app server shares them; requests that
 * arrive while a batch is on its way are admitted together in the next, one statement and
 * one commit for all of them, and those tables are unlogged, so that commit waits for no
 * disk (drizzle/0012 says what that gives up, and how a crash cannot reopen replays).
 */
export async function admitRequest(pool: postgres.Sql, distributorId: number, nonce: string, signedAt: number): Promise<Admission> {
  return admissionOf(await batcherFor(pool).submit({ distributorId, nonce, signedAt }));
}

/**
 * `admitRequest` with a read in the same statement (`AdmittedRead`), for the requests that
 * arrive together: the answer is read only if the request is admitted, and `answer` is
 * null otherwise (`enforce` then throws the refusal). The buckets stay locked while the
 * read runs (a millisecond for a batch of stock reads), a batch of another server waits
 * that much longer for them.
 */
export async function admitAndRead<Item, Out>(
  pool: postgres.Sql,
  ticket: Ticket,
  read: AdmittedRead<Item, Out>,
  item: Item,
): Promise<{ admission: Admission; answer: Out | null }> {
  let byRead = readBatchers.get(pool);
  if (!byRead) readBatchers.set(pool, (byRead = new Map()));
  let batcher = byRead.get(read) as Batcher<{ ticket: Ticket; item: Item }, { admission: Admission; answer: Out | null }> | undefined;
  if (!batcher) {
    const statement = prepared<AdmissionRow & Record<string, unknown>>(admissionStatement(read as AdmittedRead<never, unknown>));
    batcher = new Batcher(async (requests) => {
      const query = statement(pool, [
        requests.map((r) => r.ticket.distributorId),
        requests.map((r) => r.ticket.nonce),
        requests.map((r) => r.ticket.signedAt),
        ...read.inputs.map((input) => requests.map((r) => input.of(r.item))),
      ]);
      const rows = read.raw ? fromRaw((await query.raw()) as unknown as Parameters<typeof fromRaw>[0]) : await query;
      return rows.map((row) => ({ admission: admissionOf(row), answer: row.admitted && row.fresh && !row.before_epoch ? read.result(row) : null }));
    });
    byRead.set(read, batcher as Batcher<unknown, unknown>);
  }
  return batcher.submit({ ticket, item });
}

const readBatchers = new WeakMap<postgres.Sql, Map<AdmittedRead<never, unknown>, Batcher<unknown, unknown>>>();

/** Rows read raw: the admission's columns as they would have been parsed (found by name), the read's as their bytes. */
function fromRaw(rows: (Buffer | null)[][] & { columns: readonly { name: string | number }[] }): (AdmissionRow & Record<string, unknown>)[] {
  const names = rows.columns.map((column) => String(column.name));
  const at = (name: keyof AdmissionRow) => names.indexOf(name);
  const [beforeEpoch, fresh, admitted, available, perSecond, burst, fingerprint] = ADMISSION_COLUMNS.map(at);
  const reads = names.flatMap((name, i) => ((ADMISSION_COLUMNS as readonly string[]).includes(name) ? [] : [i]));
  return rows.map((values) => {
    const row: Record<string, unknown> = {
      before_epoch: isTrue(values[beforeEpoch]),
      fresh: isTrue(values[fresh]),
      admitted: isTrue(values[admitted]),
      available: numberOrNull(values[available]),
      per_second: numberOrNull(values[perSecond]),
      burst: numberOrNull(values[burst]),
      fingerprint: values[fingerprint] === null ? null : values[fingerprint]!.toString(),
    };
    for (const i of reads) row[names[i]] = values[i];
    return row as AdmissionRow & Record<string, unknown>;
  });
}
const isTrue = (value: Buffer | null) => value !== null && value[0] === 0x74; // 't'
const numberOrNull = (value: Buffer | null) => (value === null ? null : Number(value.toString()));

function admissionOf(row: AdmissionRow): Admission {
  return {
    fingerprint: row.fingerprint,
    enforce() {
      if (row.fingerprint === null) throw new DomainError('UNAUTHENTICATED', 'Unknown distributor code or app key');
      if (!row.admitted) {
        const missing = 1 - Number(row.available ?? 0);
        const perSecond = Number(row.per_second);
        throw new DomainError('RATE_LIMITED', `Too many requests: at most ${perSecond} per second (bursts of ${Number(row.burst)})`, {
          retryAfterSeconds: Math.max(1, Math.ceil(missing / perSecond)),
          limitPerSecond: perSecond,
          burst: Number(row.burst),
        });
      }
      if (row.before_epoch) {
        throw new DomainError('TIMESTAMP_SKEW', 'X-Timestamp is older than the hub’s record of used nonces (its database restarted after a failure): sign the request again', {
          serverTime: Math.floor(Date.now() / 1000),
        });
      }
      if (!row.fresh) throw new DomainError('NONCE_REUSED', 'This nonce was used before: sign every request with a new nonce');
    },
  };
}
