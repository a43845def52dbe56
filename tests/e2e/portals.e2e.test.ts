import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type DemoCredentials } from '@/server/db/seed';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';

const HOMES = { admin: '/admin', supplier: '/supplier', distributor: '/distributor' } as const;

describe('the three portals in a real browser', () => {
  let server: AppServer;
  let browser: Browser;
  let creds: DemoCredentials;

  beforeAll(async () => {
    creds = await seedDemoData(testDb(), { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-seed-')), log: () => {} });
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a signed-out visitor of any portal to the login page', async () => {
    const page = await browser.newPage();
    for (const home of Object.values(HOMES)) {
      await page.goto(`${server.baseUrl}${home}`);
      expect(new URL(page.url()).pathname).toBe('/login');
    }
    await page.close();
  });

  it('lands each demo login on its own portal, and the other portals refuse it with 403', async () => {
    for (const login of [creds.logins[0], creds.logins[1], creds.logins[3]]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, server.baseUrl, login.username, login.password);
      expect(new URL(page.url()).pathname).toBe(HOMES[login.role]);
      await expect(page.getByTestId('portal-name').textContent()).resolves.toBeTruthy();
      for (const [role, home] of Object.entries(HOMES)) {
        if (role === login.role) continue;
        const response = await page.goto(`${server.baseUrl}${home}`);
        expect(response?.status()).toBe(403);
        await expect(page.getByRole('heading', { name: /403/ }).isVisible()).resolves.toBe(true);
      }
      await context.close();
    }
  });

  it('shows a wrong password as a readable error and stays on the login page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('登录名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    // (Next.js has a route announcer with role=alert of its own: look inside the form.)
    await expect(page.locator('form [role=alert]').textContent()).resolves.toContain('登录名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('speaks Chinese first and switches to English', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const distributor = creds.logins.find((l) => l.username === 'distributor2')!;
    await signIn(page, server.baseUrl, distributor.username, distributor.password);
    await expect(page.getByRole('link', { name: '货款' }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('balance').textContent()).resolves.toBe('¥10,000.00');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('link', { name: 'Balance' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });

  it('signs out from the user menu', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const supplier = creds.logins.find((l) => l.username === 'supplier1')!;
    await signIn(page, server.baseUrl, supplier.username, supplier.password);
    await page.getByTestId('user-menu-name').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.goto(`${server.baseUrl}/supplier`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
