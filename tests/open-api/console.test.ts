import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { computeSignature, sha256Hex, signRequest, stringToSign } from '@/mall-client/signing';
import { apiRequestLog } from '@/server/db/schema';
import { rotateApiSecret } from '@/server/domain/distributors/binding';
import { checkSignature, listRecentRequests, sendTestEvent } from '@/server/domain/distributors/console';
import { flushRequestLog } from '@/server/open-api/request-log';
import { testDb } from '@tests/support/db';
import { callerAs } from '@tests/support/trpc';
import { createMall, rawFetch, startReceiver } from './support';

const db = () => testDb();

describe('the self-test console', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it("logs the requests the hub received with the distributor's code, refused ones with their codes, and shows each distributor only its own", async () => {
    const mall = await createMall(db());
    const other = await createMall(db());
    await mall.client.balance();
    // A wrong secret, an address off the whitelist, a stale timestamp.
    const signed = (secret: string, now?: Date) => signRequest({ ...mall.credentials, secret }, { method: 'GET', pathAndQuery: '/api/open/v1/balance' }, { now });
    expect((await rawFetch('/api/open/v1/balance', { headers: signed('not-the-secret') })).status).toBe(401);
    expect((await rawFetch('/api/open/v1/balance', { headers: signed(mall.secret), clientIp: '203.0.113.9' })).status).toBe(403);
    expect((await rawFetch('/api/open/v1/balance', { headers: signed(mall.secret, new Date(Date.now() - 3600_000)) })).status).toBe(401);
    await other.client.balance();
    await flushRequestLog(db());

    const page = await listRecentRequests(mall.ctx, { page: 1, pageSize: 20 });
    expect(page.rows.map((r) => [r.method, r.target, r.status, r.errorCode])).toEqual([
      ['GET', '/api/open/v1/balance', 401, 'TIMESTAMP_SKEW'],
      ['GET', '/api/open/v1/balance', 403, 'IP_NOT_ALLOWED'],
      ['GET', '/api/open/v1/balance', 401, 'BAD_SIGNATURE'],
      ['GET', '/api/open/v1/balance', 200, null],
    ]);
    expect(page.rows[1]).toMatchObject({ clientIp: '203.0.113.9', message: expect.stringContaining('203.0.113.9') });
    const refused = await listRecentRequests(mall.ctx, { page: 1, pageSize: 20, refusedOnly: true });
    expect(refused.total).toBe(3);
    // Through the portal's procedure: the other distributor sees its own request only.
    const theirs = await callerAs(other.identity).distributor.console.requests({ page: 1, pageSize: 20 });
    expect(theirs.rows.map((r) => r.distributorCode)).toEqual([other.code]);
  });

  it('keeps the log bounded: successes are sampled per second', async () => {
    const mall = await createMall(db());
    await Promise.all(Array.from({ length: 40 }, () => mall.client.balance()));
    await flushRequestLog(db());
    const rows = await db().select().from(apiRequestLog).where(eq(apiRequestLog.distributorCode, mall.code));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
  });

  it('sends a signed ping to the callback URL and reports the answer; the mall verifies it with standardwebhooks', async () => {
    const mall = await createMall(db(), { callbackUrl: receiver.url });
    const before = receiver.received.length;
    const result = await sendTestEvent(mall.ctx);
    expect(result).toMatchObject({ delivered: true, httpStatus: 200, url: receiver.url, responseExcerpt: 'ok', error: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const got = receiver.received[before];
    const event = new Webhook(mall.webhookSecret).verify(got.body, got.headers as Record<string, string>) as { type: string; data: { distributorCode: string } };
    expect(event).toMatchObject({ type: 'ping', data: { distributorCode: mall.code } });

    receiver.answer(500);
    try {
      expect(await sendTestEvent(mall.ctx)).toMatchObject({ delivered: false, httpStatus: 500, responseExcerpt: 'mall is down' });
    } finally {
      receiver.answer(200);
    }
    const none = await createMall(db());
    await expect(sendTestEvent(none.ctx)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('checks a pasted signature: the string to sign, the expected signature, and the likely mistake', async () => {
    const mall = await createMall(db());
    const body = '{"productIds":[1,2]}';
    const base = { method: 'POST', pathAndQuery: '/api/open/v1/stock', timestamp: String(Math.floor(Date.now() / 1000)), nonce: 'abcdefghijklmnop1234' };
    const right = computeSignature(mall.secret, { ...base, bodySha256: sha256Hex(body) });
    const ok = await checkSignature(mall.ctx, { ...base, body, signature: right });
    expect(ok).toMatchObject({ matches: true, matched: 'current', hint: null, notes: [], expected: right });
    expect(ok.stringToSign).toBe(stringToSign({ ...base, bodySha256: sha256Hex(body) }));

    // Signed before the body was set: the SHA-256 of the empty string.
    const early = computeSignature(mall.secret, { ...base, bodySha256: sha256Hex('') });
    const wrong = await checkSignature(mall.ctx, { ...base, body, signature: early });
    expect(wrong).toMatchObject({ matches: false, matched: null, hint: 'emptyBodyHashed', expected: right });
    expect(wrong.firstDifference).toBeGreaterThanOrEqual(0);
    // With the mall's own string to sign, the differing line is named.
    const theirs = stringToSign({ ...base, bodySha256: sha256Hex('') });
    const diff = await checkSignature(mall.ctx, { ...base, body, signature: early, stringToSign: theirs });
    expect(diff.lineDiff!.filter((l) => !l.same).map((l) => l.name)).toEqual(['BODY_SHA256']);

    const query = { ...base, method: 'GET', pathAndQuery: '/api/open/v1/products?limit=50' };
    const noQuery = computeSignature(mall.secret, { ...query, pathAndQuery: '/api/open/v1/products', bodySha256: sha256Hex('') });
    expect((await checkSignature(mall.ctx, { ...query, body: '', signature: noQuery })).hint).toBe('pathWithoutQuery');
    expect((await checkSignature(mall.ctx, { ...base, body, signature: right.toUpperCase() })).notes).toContain('uppercaseHex');
    expect((await checkSignature(mall.ctx, { ...base, timestamp: '1700000000000', body, signature: right })).notes).toContain('timestampMillis');

    // After a rotation the previous secret still matches, and says so.
    await rotateApiSecret(mall.ctx);
    expect((await checkSignature(mall.ctx, { ...base, body, signature: right })).matched).toBe('previous');
  });
});
