import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSignature, sha256Hex, signRequest } from '@/mall-client/signing';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { createDistributorAccount } from '@tests/support/factories';
import { startReceiver } from './support';

/**
 * The self-test console as an integrator uses it, in Chromium against the running app: a
 * test event reaches the mall and verifies with standardwebhooks, and a request the mall
 * signed wrongly shows up refused, then is diagnosed by the signature check.
 */
describe('接口自测 (self-test console)', () => {
  let server: AppServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true'; // the factory checks the URL as the app would
    receiver = await startReceiver();
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it('sends a test event the mall verifies, and diagnoses a deliberately wrong signature', async () => {
    const d = await createDistributorAccount(testDb(), { callbackUrl: receiver.url });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.baseUrl, d.username, d.password);
    await page.goto(`${server.baseUrl}/distributor/console`);
    await page.getByRole('heading', { name: '接口自测' }).waitFor();

    // 1. The test event: the mall receives it and verifies it with standardwebhooks.
    await page.getByRole('button', { name: '发送测试事件' }).click();
    const result = page.getByTestId('ping-result');
    await result.getByText('商城已接收（2xx）').waitFor();
    await expect(result.textContent()).resolves.toMatch(/HTTP 状态：200.*耗时：\d+ ms/);
    const got = receiver.received.at(-1)!;
    expect(new Webhook(d.webhookSecret).verify(got.body, got.headers as Record<string, string>)).toMatchObject({ type: 'ping', data: { distributorCode: d.code } });

    // 2. The mall signs before setting the body (the SHA-256 of an empty body), and sends a body: refused.
    const body = '{"productIds":[1]}';
    const headers = signRequest({ distributorCode: d.code, appKey: d.appKey, secret: d.secret }, { method: 'POST', pathAndQuery: '/api/open/v1/stock', body: '' });
    const refused = await fetch(`${server.baseUrl}/api/open/v1/stock`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    expect(refused.status).toBe(401);

    // It shows among the last requests, with its code and what it means.
    const row = page.getByTestId('request-row').filter({ hasText: 'BAD_SIGNATURE' });
    for (let i = 0; i < 30 && (await row.count()) === 0; i++) {
      await page.getByRole('button', { name: '刷新' }).click();
      await page.waitForTimeout(500);
    }
    await expect(row.first().textContent()).resolves.toContain('POST /api/open/v1/stock');
    await expect(row.first().textContent()).resolves.toContain('签名不匹配');

    // 3. Pasted into the signature check: the string to sign, the expected signature, and the cause.
    await page.getByLabel('方法').selectOption('POST');
    await page.getByLabel('路径和查询串（与实际发送的完全一致）').fill('/api/open/v1/stock');
    await page.getByLabel('X-Timestamp').fill(headers['x-timestamp']);
    await page.getByLabel('X-Nonce').fill(headers['x-nonce']);
    await page.getByLabel('请求体').fill(body);
    await page.getByLabel('X-Signature（商城算出的签名）').fill(headers['x-signature']);
    await page.getByRole('button', { name: '校验' }).click();
    const check = page.getByTestId('signature-result');
    await check.getByText('签名不一致').waitFor();
    const expected = computeSignature(d.secret, { method: 'POST', pathAndQuery: '/api/open/v1/stock', timestamp: headers['x-timestamp'], nonce: headers['x-nonce'], bodySha256: sha256Hex(body) });
    await expect(page.getByTestId('expected-signature').textContent()).resolves.toBe(expected);
    await expect(page.getByTestId('expected-string').textContent()).resolves.toBe(['POST', '/api/open/v1/stock', headers['x-timestamp'], headers['x-nonce'], sha256Hex(body)].join('\n'));
    await expect(page.getByTestId('signature-hint').textContent()).resolves.toContain('签名时用了空请求体的 SHA-256');
    await page.screenshot({ path: '/tmp/console-e2e.png', fullPage: true });

    // In English too.
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Self-test console' }).waitFor();
    await context.close();
  });
});
