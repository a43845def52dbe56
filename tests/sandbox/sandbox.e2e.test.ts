import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributors } from '@/server/db/schema';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff } from '@tests/support/factories';

/** Staff switch a distributor to test mode and back on its page. */
describe('test mode in the staff portal', () => {
  let server: AppServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('switches a distributor into test mode and back, saying what it means', async () => {
    const staff = await createStaff(testDb());
    const d = await createDistributorAccount(testDb());
    const page = await browser.newPage();
    await signIn(page, server.baseUrl, staff.username, staff.password);
    await page.goto(`${server.baseUrl}/admin/distributors/${d.distributorId}`);
    const panel = page.getByTestId('sandbox-mode');
    await expect(panel.textContent()).resolves.toContain('正式模式');
    await panel.getByRole('button', { name: '切换到测试模式' }).click();
    await panel.getByText('不动真实库存和货款').waitFor();
    expect((await testDb().select().from(distributors).where(eq(distributors.id, d.distributorId)))[0].sandbox).toBe(true);
    await panel.getByRole('button', { name: '切换回正式模式' }).click();
    await panel.getByText('正式模式', { exact: true }).waitFor();
    expect((await testDb().select().from(distributors).where(eq(distributors.id, d.distributorId)))[0].sandbox).toBe(false);
    await page.close();
  });
});
