/**
 * The hardening a deployment relies on, over real HTTP against two app servers on one
 * database (as behind a load balancer): the security headers of every kind of response and
 * a CSP that the pages still work under, the session cookie's flags over http and https,
 * sign-in failures counted on one server locking the login on the other, the password
 * policy worded in the portal, and no password or secret ever in the servers' output.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MallClient, signRequest } from '@/mall-client';
import { staticSecurityHeaders } from '@/server/http/security-headers';
import { httpSignIn, startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn, watchViolations } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff, createSupplierAccount } from '@tests/support/factories';
import { startReceiver } from '../open-api/support';

/** A password only these tests use, with characters that URL encoding changes. */
const KNOWN_PASSWORD = 'Kn0wn pw+/=%&ü-7c2e';
const LIMIT = 3;

describe('hardening over real HTTP, two app servers on one database', () => {
  let a: AppServer;
  let b: AppServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secrets: string[] = [KNOWN_PASSWORD, encodeURIComponent(KNOWN_PASSWORD), new URLSearchParams({ p: KNOWN_PASSWORD }).toString().slice(2)];

  beforeAll(async () => {
    // The mall's callback endpoint is on this machine.
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
    // A serves plain http; B believes its public URL is https (behind a TLS-terminating proxy).
    // A runs the worker, so that callbacks go out signed with a distributor's webhook secret.
    const limits = { LOGIN_MAX_FAILURES_PER_USERNAME: String(LIMIT) };
    [a, b, browser, receiver] = await Promise.all([
      startAppServer({ env: { ...limits, RUN_WORKER: 'true' } }),
      startAppServer({ env: { ...limits, NEXTAUTH_URL: 'https://hub.example.com' } }),
      launchBrowser(),
      startReceiver(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([a?.stop(), b?.stop(), receiver?.close()]);
  });

  describe('security headers', () => {
    const expectHardened = (response: Response, what: string) => {
      const csp = response.headers.get('content-security-policy');
      // One policy (two would each be enforced), which forbids framing.
      expect(csp, what).toMatch(/frame-ancestors 'none'/);
      expect(csp, `${what}: one policy`).not.toMatch(/,/);
      expect(csp, what).toMatch(/object-src 'none'/);
      expect(response.headers.get('x-frame-options'), what).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
      // The test servers run in production mode.
      expect(response.headers.get('strict-transport-security'), what).toMatch(/^max-age=\d{7,}/);
    };

    it('are on pages, static files, API routes, the open API and errors', async () => {
      const page = await fetch(`${a.baseUrl}/login`);
      const html = await page.text();
      expectHardened(page, '/login');
      const script = html.match(/<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
      expect(script).toBeTruthy();
      for (const path of [script!, '/api/auth/csrf', '/api/open/v1/openapi.json', '/api/open/v1/balance', '/no-such-page', '/api/trpc/nothing.here']) {
        const response = await fetch(a.baseUrl + path);
        await response.arrayBuffer();
        expectHardened(response, path);
      }
    });

    it('give every page a fresh script nonce, which every script of the page carries', async () => {
      const nonces = [];
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${a.baseUrl}/login`);
        const csp = response.headers.get('content-security-policy')!;
        const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
        expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
        expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        // Style elements need the nonce too; only style attributes are allowed inline.
        expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
        expect(csp).toContain(`style-src-attr 'unsafe-inline'`);
        const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length).toBeGreaterThan(2);
        for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
        nonces.push(nonce);
      }
      expect(nonces[0]).not.toBe(nonces[1]);
      // A nonce a client sends in its own request header is not the one used.
      const forged = await fetch(`${a.baseUrl}/login`, { headers: { 'content-security-policy': "script-src 'nonce-chosenbyclient'" } });
      expect(forged.headers.get('content-security-policy')).not.toContain('chosenbyclient');
      expect(await forged.text()).not.toContain('chosenbyclient');
    });

    it('leave out Strict-Transport-Security outside production', () => {
      expect(staticSecurityHeaders(false)).not.toHaveProperty('strict-transport-security');
      expect(staticSecurityHeaders(true)).toHaveProperty('strict-transport-security');
    });

    it('let the portals work under the policy: sign-in, navigation and charts, with no violation reported', async () => {
      const staff = await createStaff(testDb(), { password: KNOWN_PASSWORD });
      const supplier = await createSupplierAccount(testDb());
      for (const [user, pages] of [
        [staff, ['/docs/open-api', '/admin/orders', '/admin/finance', '/admin']],
        [supplier, ['/supplier/products', '/supplier']],
      ] as const) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const violations = watchViolations(page);
        // The login form signs in by script: a blocked script would leave us on /login.
        await signIn(page, a.baseUrl, user.username, user.password);
        for (const path of pages) {
          await page.goto(a.baseUrl + path);
          await page.waitForLoadState('networkidle');
          if (path === '/admin' || path === '/supplier') await page.locator('[data-testid="trend-chart"] svg.recharts-surface').first().waitFor({ timeout: 30_000 });
        }
        // Client-side navigation runs React's router (scripts loaded after the first).
        await page.locator(`nav a[href^="${pages.at(-1)}/"]`).first().click();
        await page.waitForURL((url) => url.pathname !== pages.at(-1));
        await page.waitForLoadState('networkidle');
        expect(violations, `${user.username}: ${violations.join('\n')}`).toEqual([]);
        await context.close();
      }
    });
  });

  describe('the session cookie', () => {
    it('is HttpOnly and SameSite=Lax, without Secure over plain http', async () => {
      const staff = await createStaff(testDb());
      const { error, cookies } = await httpSignIn(a.baseUrl, staff.username, staff.password);
      expect(error).toBe('OK');
      const session = cookies.find((c) => c.startsWith('next-auth.session-token='));
      expect(session).toBeTruthy();
      expect(session).toMatch(/;\s*HttpOnly/i);
      expect(session).toMatch(/;\s*SameSite=Lax/i);
      expect(session).not.toMatch(/;\s*Secure/i);
    });

    it('is also Secure (and __Secure- named) when the public URL is https', async () => {
      const staff = await createStaff(testDb());
      const { error, cookies } = await httpSignIn(b.baseUrl, staff.username, staff.password);
      expect(error).toBe('OK');
      const session = cookies.find((c) => c.startsWith('__Secure-next-auth.session-token='));
      expect(session, cookies.join('\n')).toBeTruthy();
      expect(session).toMatch(/;\s*Secure/i);
      expect(session).toMatch(/;\s*HttpOnly/i);
      expect(session).toMatch(/;\s*SameSite=Lax/i);
    });
  });

  describe('sign-in limits', () => {
    it('counts failures on one server against the login on the other', async () => {
      const staff = await createStaff(testDb(), { password: KNOWN_PASSWORD });
      const other = await createStaff(testDb());
      // Failures split over both servers add up: LIMIT in all locks the login everywhere.
      expect((await httpSignIn(a.baseUrl, staff.username, 'wrong-password-1')).error).toBe('UNAUTHENTICATED');
      expect((await httpSignIn(b.baseUrl, staff.username, 'wrong-password-2')).error).toBe('UNAUTHENTICATED');
      expect((await httpSignIn(a.baseUrl, staff.username, KNOWN_PASSWORD)).error).toBe('OK'); // a success clears them
      for (let i = 0; i < LIMIT; i++) expect((await httpSignIn(a.baseUrl, staff.username, `wrong-password-${i}`)).error).toBe('UNAUTHENTICATED');
      // The right password, on the server that saw no failure, is refused now.
      expect((await httpSignIn(b.baseUrl, staff.username, KNOWN_PASSWORD)).error).toBe('RATE_LIMITED');
      expect((await httpSignIn(a.baseUrl, staff.username, KNOWN_PASSWORD)).error).toBe('RATE_LIMITED');
      // Only that login: another signs in on either server.
      expect((await httpSignIn(b.baseUrl, other.username, other.password)).error).toBe('OK');
    });
  });

  describe('the password policy in the portal', () => {
    it('words a refused new password in Chinese, and in English after switching', async () => {
      const supplier = await createSupplierAccount(testDb());
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, a.baseUrl, supplier.username, supplier.password);
      /** The error the form shows for `newPassword`. */
      const attempt = async (newPassword: string) => {
        await page.goto(`${a.baseUrl}/supplier/account`);
        await page.locator('#currentPassword').fill(supplier.password);
        await page.locator('#newPassword').fill(newPassword);
        await page.locator('#confirmPassword').fill(newPassword);
        await page.locator('form button[type="submit"]').click();
        const alert = page.locator('form [role="alert"]');
        await alert.waitFor({ timeout: 20_000 });
        return alert.textContent();
      };
      expect(await attempt('password123')).toContain('这个密码太常见');
      expect(await attempt(`${supplier.username}2026`)).toContain('密码不能与登录名相同');
      await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: a.baseUrl }]);
      expect(await attempt('12345678')).toContain('too common');
      await context.close();
    });
  });

  describe('logs', () => {
    it('never carry a password, an API secret or a webhook secret, through sign-ins, signed calls, callbacks and failures', async () => {
      // Sign-ins with a known password: right, wrong, on a disabled-free login, on both servers.
      const staff = await createStaff(testDb(), { password: KNOWN_PASSWORD });
      for (const server of [a, b]) {
        expect((await httpSignIn(server.baseUrl, staff.username, KNOWN_PASSWORD)).error).toBe('OK');
        await httpSignIn(server.baseUrl, staff.username, `${KNOWN_PASSWORD}-wrong`);
        await httpSignIn(server.baseUrl, 'no-such-login', KNOWN_PASSWORD);
        await httpSignIn(server.baseUrl, KNOWN_PASSWORD, KNOWN_PASSWORD); // a password typed into the login field
      }
      // A mall whose callbacks fail first: the worker signs each with its webhook secret.
      receiver.answer(500);
      const mall = await createDistributorAccount(testDb(), { callbackUrl: receiver.url, balance: 5000 });
      secrets.push(mall.secret, mall.webhookSecret, mall.appKey);
      const credentials = { distributorCode: mall.code, appKey: mall.appKey, secret: mall.secret };
      for (const server of [a, b]) {
        const client = new MallClient({ ...credentials, baseUrl: server.baseUrl, retries: 0 });
        expect(await client.balance()).toEqual({ balance: 5000, currency: 'CNY' });
        // Failures: a wrong secret, a body that is no JSON, an unknown order.
        const wrong = await fetch(`${server.baseUrl}/api/open/v1/balance`, { headers: signRequest({ ...credentials, secret: `${mall.secret}x` }, { method: 'GET', pathAndQuery: '/api/open/v1/balance' }) });
        expect(wrong.status).toBe(401);
        const body = `{"secret":"${mall.secret}",`;
        const broken = await fetch(`${server.baseUrl}/api/open/v1/orders`, { method: 'POST', body, headers: { ...signRequest(credentials, { method: 'POST', pathAndQuery: '/api/open/v1/orders', body }), 'content-type': 'application/json' } });
        expect(broken.status).toBe(400);
        await expect(client.order('NO-SUCH-ORDER')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      }
      await expect.poll(() => receiver.received.length, { timeout: 60_000 }).toBeGreaterThan(0);
      expect(receiver.received[0].headers['webhook-signature']).toBeTruthy();
      receiver.answer(200);

      for (const value of [process.env.NEXTAUTH_SECRET, process.env.SECRETS_ENCRYPTION_KEY]) if (value) secrets.push(value);
      const output = a.output() + b.output();
      // What we read is the servers' output (their start-up lines at least).
      expect(a.output()).toContain('ready on');
      expect(b.output()).toContain('ready on');
      for (const secret of secrets) expect(output.includes(secret), `the output contains ${secret.slice(0, 4)}…:\n${output.slice(-3000)}`).toBe(false);
    });
  });
});
