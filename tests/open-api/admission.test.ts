import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@/mall-client';
import { apiNonces } from '@/server/db/schema';
import { testDb } from '@tests/support/db';
import { createMall, rawFetch, setDistributor, type Mall } from './support';

/**
 * The admission (nonce once, token bucket) of requests that arrive together: they are
 * admitted in batches (open-api/rate-limit.ts), and each must still be judged alone.
 */
type Answer = { status: number; code?: string };

async function sendSigned(mall: Mall, headers: Record<string, string>, path = '/api/open/v1/balance'): Promise<Answer> {
  const response = await rawFetch(path, { headers });
  const json = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: json.error?.code };
}

const signed = (mall: Mall, options: { now?: Date } = {}) => signRequest(mall.credentials, { method: 'GET', pathAndQuery: '/api/open/v1/balance' }, options);

describe('admission of requests that arrive together', () => {
  let mall: Mall;
  beforeAll(async () => {
    mall = await createMall(testDb());
  });

  it('one signed request sent 20 times at once is answered once; the other 19 are replays', async () => {
    const headers = signed(mall);
    const answers = await Promise.all(Array.from({ length: 20 }, () => sendSigned(mall, headers)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.code === 'NONCE_REUSED')).toHaveLength(19);
  });

  it('40 different requests at once from two distributors: each judged alone, none refused', async () => {
    const other = await createMall(testDb());
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? sendSigned(mall, signed(mall)) : sendSigned(other, signed(other)))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('a burst beside replays: tokens go to requests in arrival order, replays spend theirs', async () => {
    const m = await createMall(testDb());
    await setDistributor(testDb(), m.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 6 });
    const replayed = signed(m);
    const started = Date.now();
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => sendSigned(m, replayed)),
      ...Array.from({ length: 8 }, () => sendSigned(m, signed(m))),
    ]);
    const refilled = Math.ceil((Date.now() - started) / 1000); // the bucket refills 1 a second meanwhile
    const limited = answers.filter((a) => a.code === 'RATE_LIMITED').length;
    // 12 requests, 6 tokens (plus what refilled): the rest are 429; of the admitted copies of
    // the replayed request, one at most is answered.
    expect(limited).toBeGreaterThanOrEqual(12 - 6 - refilled);
    expect(limited).toBeLessThanOrEqual(6);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(6 + refilled);
    expect(answers.slice(0, 4).filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
  });

  it('keeps nonces and buckets in unlogged tables: no disk flush per request', async () => {
    const rows = await testDb().execute<{ relname: string; relpersistence: string }>(
      sql`select relname, relpersistence from pg_class where relname in ('api_nonces', 'rate_limit_buckets', 'api_nonce_epoch') order by relname`,
    );
    expect(rows.map((r) => [r.relname, r.relpersistence])).toEqual([
      ['api_nonce_epoch', 'u'],
      ['api_nonces', 'u'],
      ['rate_limit_buckets', 'u'],
    ]);
  });

  it('locks no logged row: a request is admitted while its distributor row is locked (no WAL, so no disk flush, per admission)', async () => {
    // A foreign key from api_nonces to distributors would lock the distributor's row (FOR KEY
    // SHARE) on every admission: a logged change that made each admission's commit wait for
    // the disk. Held FOR UPDATE here, such an admission would wait for this transaction.
    const m = await createMall(testDb());
    // Its first request creates its bucket (an insert checked against distributors, once).
    expect((await sendSigned(m, signed(m))).status).toBe(200);
    const answer = await testDb().transaction(async (tx) => {
      await tx.execute(sql`select id from distributors where id = ${m.distributorId} for update`);
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<Answer>((resolve) => (timer = setTimeout(() => resolve({ status: 0, code: 'WAITED_FOR_THE_LOCK' }), 20_000)));
      try {
        return await Promise.race([sendSigned(m, signed(m)), stuck]);
      } finally {
        clearTimeout(timer);
      }
    });
    expect(answer).toEqual({ status: 200, code: undefined });
  });

  it('after the nonce record is lost (a database crash empties unlogged tables), a request signed before cannot be replayed', async () => {
    const m = await createMall(testDb());
    const captured = signed(m, { now: new Date(Date.now() - 20_000) });
    expect((await sendSigned(m, captured)).status).toBe(200);
    expect((await sendSigned(m, captured)).code).toBe('NONCE_REUSED');
    try {
      // What crash recovery does to unlogged tables: they come back empty.
      await testDb().execute(sql`truncate api_nonces, api_nonce_epoch`);
      const replay = await sendSigned(m, captured);
      expect(replay.status).toBe(401);
      expect(replay.code).toBe('TIMESTAMP_SKEW');
      // Requests signed from now on are admitted as before, and replays of them refused.
      const fresh = signed(m);
      expect((await sendSigned(m, fresh)).status).toBe(200);
      expect((await sendSigned(m, fresh)).code).toBe('NONCE_REUSED');
      const [kept] = await testDb().select().from(apiNonces).where(eq(apiNonces.nonce, fresh['x-nonce']));
      expect(kept.distributorId).toBe(m.distributorId);
    } finally {
      // Other tests of this file sign with times up to 300 s back.
      await testDb().execute(sql`update api_nonce_epoch set since = 'epoch'`);
    }
  });
});
