import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@/mall-client';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { testDb } from '@tests/support/db';
import { createMall, setDistributor, type Mall } from './support';

/**
 * Two app servers on one database, as README's "Several app servers" runs them: a nonce
 * used on one is used on both, and a distributor's bucket is one bucket whichever server
 * a request reaches. Over real HTTP, requests fired at both servers at once.
 */
describe('two app servers on one database', () => {
  let a: AppServer;
  let b: AppServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startAppServer(), startAppServer()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const balanceHeaders = (mall: Mall) => signRequest(mall.credentials, { method: 'GET', pathAndQuery: '/api/open/v1/balance' });
  async function send(server: AppServer, headers: Record<string, string>) {
    const response = await fetch(`${server.baseUrl}/api/open/v1/balance`, { headers });
    const json = (await response.json()) as { error?: { code: string } };
    return { status: response.status, code: json.error?.code };
  }

  it('a request answered by one server is a replay on the other', async () => {
    const mall = await createMall(testDb());
    const headers = balanceHeaders(mall);
    expect((await send(a, headers)).status).toBe(200);
    const replay = await send(b, headers);
    expect(replay.status).toBe(401);
    expect(replay.code).toBe('NONCE_REUSED');
  });

  it('the same signed request fired at both servers 30 times at once is answered once', async () => {
    const mall = await createMall(testDb());
    for (let round = 0; round < 3; round++) {
      const headers = balanceHeaders(mall);
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(i % 2 ? a : b, headers)));
      expect(answers.filter((x) => x.status === 200), `round ${round}`).toHaveLength(1);
      expect(answers.filter((x) => x.code === 'NONCE_REUSED')).toHaveLength(29);
    }
  });

  it('one bucket across both servers: a burst of 10 lets 10 through (plus what refills meanwhile), the rest 429', async () => {
    const mall = await createMall(testDb());
    await setDistributor(testDb(), mall.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 10 });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => send(i % 2 ? a : b, balanceHeaders(mall))));
    const refilled = Math.floor((Date.now() - started) / 1000) + 1;
    const ok = answers.filter((x) => x.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(ok).toBeLessThanOrEqual(10 + refilled);
    expect(answers.filter((x) => x.code === 'RATE_LIMITED')).toHaveLength(40 - ok);
    // Each server got 20: with a bucket of its own, each would have let 10 through.
  });

  // POST /stock is admitted in a statement of its own that reads as well (rate-limit.ts `admitAndRead`).
  const stockRequest = (mall: Mall) => {
    const body = JSON.stringify({ productIds: [1] });
    return { body, headers: signRequest(mall.credentials, { method: 'POST', pathAndQuery: '/api/open/v1/stock', body }) };
  };
  async function sendStock(server: AppServer, request: { body: string; headers: Record<string, string> }) {
    const response = await fetch(`${server.baseUrl}/api/open/v1/stock`, { method: 'POST', ...request });
    const json = (await response.json()) as { error?: { code: string } };
    return { status: response.status, code: json.error?.code };
  }

  it('the same signed POST /stock fired at both servers 30 times at once is answered once', async () => {
    const mall = await createMall(testDb());
    for (let round = 0; round < 3; round++) {
      const request = stockRequest(mall);
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => sendStock(i % 2 ? a : b, request)));
      expect(answers.filter((x) => x.status === 200), `round ${round}`).toHaveLength(1);
      expect(answers.filter((x) => x.code === 'NONCE_REUSED')).toHaveLength(29);
    }
  });

  it('one bucket for stock reads and other requests across both servers: a burst of 10 lets 10 through, the rest 429', async () => {
    const mall = await createMall(testDb());
    await setDistributor(testDb(), mall.distributorId, { rateLimitPerSecond: 1, rateLimitBurst: 10 });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 4 < 2 ? sendStock(i % 2 ? a : b, stockRequest(mall)) : send(i % 2 ? a : b, balanceHeaders(mall)))),
    );
    const refilled = Math.floor((Date.now() - started) / 1000) + 1;
    const ok = answers.filter((x) => x.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(ok).toBeLessThanOrEqual(10 + refilled);
    expect(answers.filter((x) => x.code === 'RATE_LIMITED')).toHaveLength(40 - ok);
  });

  it('a distributor disabled while both servers know it is refused by both on their next request', async () => {
    const mall = await createMall(testDb());
    expect((await send(a, balanceHeaders(mall))).status).toBe(200);
    expect((await send(b, balanceHeaders(mall))).status).toBe(200);
    await setDistributor(testDb(), mall.distributorId, { status: 'disabled' });
    expect((await send(a, balanceHeaders(mall))).code).toBe('DISTRIBUTOR_DISABLED');
    expect((await send(b, balanceHeaders(mall))).code).toBe('DISTRIBUTOR_DISABLED');
    expect((await sendStock(a, stockRequest(mall))).code).toBe('DISTRIBUTOR_DISABLED');
    expect((await sendStock(b, stockRequest(mall))).code).toBe('DISTRIBUTOR_DISABLED');
  });
});
