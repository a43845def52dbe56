import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '@/lib/crypto';
import { computeSignature, newNonce, sha256Hex, signRequest } from '@/mall-client';
import { apiNonces, products, rateLimitBuckets } from '@/server/db/schema';
import { MAX_BODY_BYTES } from '@/server/open-api/body';
import { testDb } from '@tests/support/db';
import { createProduct } from '@tests/support/factories';
import { createMall, rawFetch, RECEIVER, setDistributor, type Mall } from './support';

type ErrorJson = { error: { code: string; message: string; details: Record<string, unknown> } };

async function send(mall: Mall, path: string, init: { method?: string; body?: string; clientIp?: string | null; headers?: Record<string, string>; now?: Date; nonce?: string; secret?: string } = {}) {
  const method = init.method ?? 'GET';
  const signed = signRequest({ ...mall.credentials, secret: init.secret ?? mall.credentials.secret }, { method, pathAndQuery: path, body: init.body }, { now: init.now, nonce: init.nonce });
  const response = await rawFetch(path, { method, body: init.body, clientIp: init.clientIp, headers: { ...signed, ...init.headers } });
  return { status: response.status, headers: response.headers, json: (await response.json()) as ErrorJson & { data?: unknown } };
}

describe('signed requests', () => {
  let mall: Mall;
  beforeAll(async () => {
    mall = await createMall(testDb());
  });

  it('accepts a correctly signed request', async () => {
    const r = await send(mall, '/api/open/v1/balance');
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual({ balance: 1_000_000, currency: 'CNY' });
  });

  it('answers every failure in the error envelope, without a stack trace', async () => {
    const r = await rawFetch('/api/open/v1/balance');
    expect(r.status).toBe(401);
    const json = (await r.json()) as ErrorJson;
    expect(Object.keys(json)).toEqual(['error']);
    expect(Object.keys(json.error).sort()).toEqual(['code', 'details', 'message']);
    expect(json.error.code).toBe('UNAUTHENTICATED');
    expect(json.error.details.missingHeaders).toEqual(['X-Distributor-Code', 'X-App-Key', 'X-Timestamp', 'X-Nonce', 'X-Signature']);
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts|node_modules|stack/i);
  });

  it('refuses an unknown distributor code or an app key that is not its own (401 UNAUTHENTICATED)', async () => {
    const other = await createMall(testDb());
    expect((await send(mall, '/api/open/v1/balance', { headers: { 'x-app-key': other.appKey } })).json.error.code).toBe('UNAUTHENTICATED');
    expect((await send(mall, '/api/open/v1/balance', { headers: { 'x-distributor-code': 'D9999' } })).json.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong secret, a tampered body, a tampered query and another method (401 BAD_SIGNATURE)', async () => {
    expect((await send(mall, '/api/open/v1/balance', { secret: 'sk_not-the-secret' })).json.error.code).toBe('BAD_SIGNATURE');

    const body = JSON.stringify({ productIds: [1] });
    const headers = signRequest(mall.credentials, { method: 'POST', pathAndQuery: '/api/open/v1/stock', body });
    const tamperedBody = await rawFetch('/api/open/v1/stock', { method: 'POST', body: JSON.stringify({ productIds: [2] }), headers });
    expect(tamperedBody.status).toBe(401);
    expect(((await tamperedBody.json()) as ErrorJson).error.code).toBe('BAD_SIGNATURE');

    const q = signRequest(mall.credentials, { method: 'GET', pathAndQuery: '/api/open/v1/products?limit=5' });
    const tamperedQuery = await rawFetch('/api/open/v1/products?limit=500', { headers: q });
    expect(((await tamperedQuery.json()) as ErrorJson).error.code).toBe('BAD_SIGNATURE');

    const g = signRequest(mall.credentials, { method: 'GET', pathAndQuery: '/api/open/v1/stock', body });
    const otherMethod = await rawFetch('/api/open/v1/stock', { method: 'POST', body, headers: g });
    expect(((await otherMethod.json()) as ErrorJson).error.code).toBe('BAD_SIGNATURE');
  });

  it('signs the request target as sent, byte for byte', async () => {
    const path = '/api/open/v1/products?limit=2&brandId=1';
    const parts = { method: 'GET', pathAndQuery: path, timestamp: String(Math.floor(Date.now() / 1000)), nonce: newNonce(), bodySha256: sha256Hex('') };
    const headers = {
      'x-distributor-code': mall.code,
      'x-app-key': mall.appKey,
      'x-timestamp': parts.timestamp,
      'x-nonce': parts.nonce,
      'x-signature': computeSignature(mall.secret, parts),
    };
    expect((await rawFetch(path, { headers })).status).toBe(200);
    // The same parameters in another order are another target: the signature no longer matches.
    const reordered = { ...headers, 'x-nonce': newNonce() };
    reordered['x-signature'] = computeSignature(mall.secret, { ...parts, nonce: reordered['x-nonce'] });
    expect((await rawFetch('/api/open/v1/products?brandId=1&limit=2', { headers: reordered })).status).toBe(401);
  });

  it('refuses a timestamp more than 300 s off either way (401 TIMESTAMP_SKEW), accepts one inside', async () => {
    expect((await send(mall, '/api/open/v1/balance', { now: new Date(Date.now() - 301_000) })).json.error.code).toBe('TIMESTAMP_SKEW');
    expect((await send(mall, '/api/open/v1/balance', { now: new Date(Date.now() + 301_000) })).json.error.code).toBe('TIMESTAMP_SKEW');
    expect((await send(mall, '/api/open/v1/balance', { now: new Date(Date.now() - 290_000) })).status).toBe(200);
    expect((await send(mall, '/api/open/v1/balance', { headers: { 'x-timestamp': '17e8' } })).json.error.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a nonce once (a replay is 401 NONCE_REUSED) and keeps it on record', async () => {
    const body = JSON.stringify({ productIds: [1] });
    const headers = signRequest(mall.credentials, { method: 'POST', pathAndQuery: '/api/open/v1/stock', body });
    expect((await rawFetch('/api/open/v1/stock', { method: 'POST', body, headers })).status).toBe(200);
    const replay = await rawFetch('/api/open/v1/stock', { method: 'POST', body, headers });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as ErrorJson).error.code).toBe('NONCE_REUSED');
    const [kept] = await testDb().select().from(apiNonces).where(eq(apiNonces.nonce, headers['x-nonce']));
    expect(kept.distributorId).toBe(mall.distributorId);
    // Nonces are per distributor: another may use the same string.
    const other = await createMall(testDb());
    expect((await send(other, '/api/open/v1/balance', { nonce: headers['x-nonce'] })).status).toBe(200);
  });

  it('refuses malformed nonces', async () => {
    for (const nonce of ['short', 'x'.repeat(65), 'has space in it 123', 'unicode-é-0123456789']) {
      expect((await send(mall, '/api/open/v1/balance', { nonce })).json.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('admits only whitelisted addresses (403 IP_NOT_ALLOWED); an empty whitelist or an unknown address admits nobody', async () => {
    const m = await createMall(testDb(), { ipWhitelist: ['10.1.0.0/16', '2001:db8::/32'] });
    expect((await send(m, '/api/open/v1/balance', { clientIp: '10.1.2.3' })).status).toBe(200);
    expect((await send(m, '/api/open/v1/balance', { clientIp: '2001:db8::7' })).status).toBe(200);
    expect((await send(m, '/api/open/v1/balance', { clientIp: '10.2.0.1' })).json.error.code).toBe('IP_NOT_ALLOWED');
    expect((await send(m, '/api/open/v1/balance', { clientIp: '127.0.0.1' })).status).toBe(403);
    // No address vouched for by our own server (e.g. a header the client wrote): nobody.
    expect((await send(m, '/api/open/v1/balance', { clientIp: null, headers: { 'x-hub-client-ip': '10.1.2.3', 'x-forwarded-for': '10.1.2.3' } })).status).toBe(403);
    await setDistributor(testDb(), m.distributorId, { ipWhitelist: [] });
    expect((await send(m, '/api/open/v1/balance', { clientIp: '10.1.2.3' })).json.error.code).toBe('IP_NOT_ALLOWED');
  });

  it('refuses a disabled distributor with 403 DISTRIBUTOR_DISABLED', async () => {
    const m = await createMall(testDb());
    await setDistributor(testDb(), m.distributorId, { status: 'disabled' });
    const r = await send(m, '/api/open/v1/balance');
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('DISTRIBUTOR_DISABLED');
  });

  it('applies a change to a distributor it has already verified on the very next request (disable, whitelist, enable)', async () => {
    const m = await createMall(testDb());
    expect((await send(m, '/api/open/v1/balance')).status).toBe(200);
    await setDistributor(testDb(), m.distributorId, { status: 'disabled' });
    expect((await send(m, '/api/open/v1/balance')).json.error.code).toBe('DISTRIBUTOR_DISABLED');
    await setDistributor(testDb(), m.distributorId, { status: 'active', ipWhitelist: ['10.0.0.0/8'] });
    expect((await send(m, '/api/open/v1/balance')).json.error.code).toBe('IP_NOT_ALLOWED');
    expect((await send(m, '/api/open/v1/balance', { clientIp: '10.1.2.3' })).status).toBe(200);
    await setDistributor(testDb(), m.distributorId, { ipWhitelist: ['127.0.0.1'] });
    expect((await send(m, '/api/open/v1/balance')).status).toBe(200);
    // A rotation without grace: the old secret is refused at once, the new one accepted.
    const rotated = 'sk_rotated-without-grace';
    await setDistributor(testDb(), m.distributorId, { secretCiphertext: encryptSecret(rotated), previousSecretCiphertext: null, previousSecretExpiresAt: null });
    expect((await send(m, '/api/open/v1/balance')).json.error.code).toBe('BAD_SIGNATURE');
    expect((await send(m, '/api/open/v1/balance', { secret: rotated })).status).toBe(200);
  });

  it('keeps the previous secret valid during its grace period, and not after', async () => {
    const m = await createMall(testDb());
    const oldSecret = m.secret;
    const newSecret = 'sk_rotated-secret-for-the-test';
    await setDistributor(testDb(), m.distributorId, {
      secretCiphertext: encryptSecret(newSecret),
      previousSecretCiphertext: encryptSecret(oldSecret),
      previousSecretExpiresAt: new Date(Date.now() + 3600_000),
    });
    expect((await send(m, '/api/open/v1/balance', { secret: newSecret })).status).toBe(200);
    expect((await send(m, '/api/open/v1/balance', { secret: oldSecret })).status).toBe(200);
    await setDistributor(testDb(), m.distributorId, { previousSecretExpiresAt: new Date(Date.now() - 1000) });
    expect((await send(m, '/api/open/v1/balance', { secret: oldSecret })).json.error.code).toBe('BAD_SIGNATURE');
    expect((await send(m, '/api/open/v1/balance', { secret: newSecret })).status).toBe(200);
  });

  it('limits each distributor with its token bucket: 429 RATE_LIMITED with Retry-After, others unaffected', async () => {
    const m = await createMall(testDb());
    await setDistributor(testDb(), m.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await send(m, '/api/open/v1/balance'));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 429, 429]);
    expect(statuses[3].json.error.code).toBe('RATE_LIMITED');
    expect(Number(statuses[3].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await send(mall, '/api/open/v1/balance')).status).toBe(200);
    // The bucket refills at its rate.
    await testDb().update(rateLimitBuckets).set({ refilledAt: new Date(Date.now() - 1500) }).where(eq(rateLimitBuckets.distributorId, m.distributorId));
    expect((await send(m, '/api/open/v1/balance')).status).toBe(200);
  });

  it('shares one bucket between concurrent requests: a burst of 10 lets exactly 10 through', async () => {
    const m = await createMall(testDb());
    await setDistributor(testDb(), m.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 10 });
    const results = await Promise.all(Array.from({ length: 25 }, () => send(m, '/api/open/v1/balance')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15);
  });

  it('refuses bodies over 1 MiB with 413, by declared length or as streamed', async () => {
    const big = JSON.stringify({ productIds: [1], pad: 'x'.repeat(MAX_BODY_BYTES) });
    const r = await send(mall, '/api/open/v1/stock', { method: 'POST', body: big });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    const streamed = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(100 * 1024));
        controller.close();
      },
    });
    const headers = signRequest(mall.credentials, { method: 'POST', pathAndQuery: '/api/open/v1/stock', body: '' });
    const s = await rawFetch('/api/open/v1/stock', { method: 'POST', body: streamed, headers, duplex: 'half' } as RequestInit);
    expect(s.status).toBe(413);
  });

  it('answers bad JSON and unknown fields with 400 INVALID_REQUEST', async () => {
    expect((await send(mall, '/api/open/v1/stock', { method: 'POST', body: '{"productIds": [1' })).json.error.code).toBe('INVALID_REQUEST');
    expect((await send(mall, '/api/open/v1/stock', { method: 'POST', body: '' })).json.error.code).toBe('INVALID_REQUEST');
    const r = await send(mall, '/api/open/v1/stock', { method: 'POST', body: JSON.stringify({ productIds: [1], extra: true }) });
    expect(r.status).toBe(400);
    expect(r.json.error.details.fields).toBeTruthy();
    expect((await send(mall, '/api/open/v1/products?limit=1&limit=2')).json.error.code).toBe('INVALID_REQUEST');
    expect((await send(mall, '/api/open/v1/products?colour=red')).json.error.code).toBe('INVALID_REQUEST');
  });

  it('changes nothing when a signed order request is replayed', async () => {
    const p = await createProduct(testDb(), { stock: 10 });
    const body = JSON.stringify({ mallOrderNo: 'REPLAY-1', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    const headers = signRequest(mall.credentials, { method: 'POST', pathAndQuery: '/api/open/v1/orders', body });
    expect((await rawFetch('/api/open/v1/orders', { method: 'POST', body, headers })).status).toBe(201);
    expect((await rawFetch('/api/open/v1/orders', { method: 'POST', body, headers })).status).toBe(401);
    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(after.stock).toBe(9);
  });

  it('admits order requests like any other: rate-limited, and a bad order spends its nonce and its token', async () => {
    const m = await createMall(testDb());
    await setDistributor(testDb(), m.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 2 });
    const p = await createProduct(testDb(), { stock: 10 });
    // Not valid (quantity 0): 400, but the nonce is used and a token spent.
    const bad = JSON.stringify({ mallOrderNo: 'BAD-1', items: [{ productId: p.id, quantity: 0 }], receiver: RECEIVER });
    const badHeaders = signRequest(m.credentials, { method: 'POST', pathAndQuery: '/api/open/v1/orders', body: bad });
    expect((await rawFetch('/api/open/v1/orders', { method: 'POST', body: bad, headers: badHeaders })).status).toBe(400);
    const replayed = await rawFetch('/api/open/v1/orders', { method: 'POST', body: bad, headers: badHeaders });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as ErrorJson).error.code).toBe('NONCE_REUSED');
    // Both requests took a token; the third order finds the bucket empty and changes nothing.
    const good = JSON.stringify({ mallOrderNo: 'GOOD-1', items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER });
    const limited = await send(m, '/api/open/v1/orders', { method: 'POST', body: good });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(after.stock).toBe(10);
  });

  it('refuses an order from a distributor disabled since its last request, reserving nothing', async () => {
    const m = await createMall(testDb());
    const p = await createProduct(testDb(), { stock: 10 });
    const order = (no: string) => send(m, '/api/open/v1/orders', { method: 'POST', body: JSON.stringify({ mallOrderNo: no, items: [{ productId: p.id, quantity: 1 }], receiver: RECEIVER }) });
    expect((await order('ON-1')).status).toBe(201);
    await setDistributor(testDb(), m.distributorId, { status: 'disabled' });
    expect((await order('ON-2')).json.error.code).toBe('DISTRIBUTOR_DISABLED');
    const [after] = await testDb().select().from(products).where(eq(products.id, p.id));
    expect(after.stock).toBe(9);
  });
});
