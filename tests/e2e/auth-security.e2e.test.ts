import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeOwnPassword, setUserStatus } from '@/server/domain/accounts/users';
import { httpSignIn, startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { createStaff, createSupplierAccount, TEST_PASSWORD } from '@tests/support/factories';

/** Signs in over HTTP the way next-auth's client does; returns the error code, or 'OK'. */
const signInCode = async (...args: Parameters<typeof httpSignIn>) => (await httpSignIn(...args)).error;

describe('sign-in security over real HTTP', () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer({ env: { LOGIN_MAX_FAILURES_PER_IP: '3' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('ends an open browser session at once when the account is disabled', async () => {
    const staff = await createStaff(testDb());
    const supplier = await createSupplierAccount(testDb());
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.baseUrl, supplier.username, supplier.password);
    expect(new URL(page.url()).pathname).toBe('/supplier');

    await setUserStatus(staff.ctx, { userId: supplier.userId, status: 'disabled' });
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('ends an open browser session at once when the password changes elsewhere', async () => {
    const supplier = await createSupplierAccount(testDb());
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.baseUrl, supplier.username, supplier.password);
    await changeOwnPassword(supplier.ctx, { currentPassword: TEST_PASSWORD, newPassword: 'changed-elsewhere' });
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  // Last: it leaves this client address rate-limited.
  it('counts failures per client address from the socket: a forged X-Forwarded-For does not reset it', async () => {
    const staff = await createStaff(testDb());
    expect(await signInCode(server.baseUrl, staff.username, TEST_PASSWORD)).toBe('OK');
    for (let i = 0; i < 3; i++) {
      const forged = { 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `198.51.100.${i}`, 'x-hub-client-ip': `198.51.100.${i}` };
      expect(await signInCode(server.baseUrl, `nobody${i}`, 'wrong', forged)).toBe('UNAUTHENTICATED');
    }
    // The right password now fails from this address, whatever it claims to be.
    expect(await signInCode(server.baseUrl, staff.username, TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.50' })).toBe('RATE_LIMITED');
  });
});
