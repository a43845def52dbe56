import type { Browser } from 'playwright-core';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributors } from '@/server/db/schema';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff } from '@tests/support/factories';

/** The callback pages of both portals: a disabled callback URL is shown with why, and enabled again. */
describe('callback operations in the portals', () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a distributor sees its disabled callback URL (410 Gone) and enables it again; staff see and enable another', async () => {
    const d = await createDistributorAccount(testDb(), { callbackUrl: 'https://mall.example.org/hooks' });
    const e = await createDistributorAccount(testDb(), { callbackUrl: 'https://mall2.example.org/hooks' });
    const staff = await createStaff(testDb());
    const disable = (id: number, reason: 'gone' | 'failing') =>
      testDb().update(distributors).set({ callbackDisabledAt: sql`now()`, callbackDisabledReason: reason }).where(eq(distributors.id, id));
    await disable(d.distributorId, 'gone');
    await disable(e.distributorId, 'failing');

    // A browser far from China: the panel's times are still China time.
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await signIn(page, server.baseUrl, d.username, d.password);
    await page.goto(`${server.baseUrl}/distributor/callbacks`);
    await expect(page.getByTestId('endpoint-disabled').textContent()).resolves.toContain('410 Gone');
    await page.getByRole('button', { name: '重新启用' }).click();
    await page.getByText('已重新启用').waitFor();
    await page.getByText('正常', { exact: true }).waitFor();
    expect((await testDb().select().from(distributors).where(eq(distributors.id, d.distributorId)))[0].callbackDisabledAt).toBeNull();
    // Resending failed events since a moment, from the same panel: a day ago in China time by default.
    const since = await page.getByLabel('重发此时间（北京时间）之后失败的事件').inputValue();
    expect(Math.abs(new Date(`${since}:00+08:00`).getTime() - (Date.now() - 24 * 3600_000))).toBeLessThan(5 * 60_000);
    await page.getByRole('button', { name: '重发失败事件' }).click();
    await page.getByText(/已排队重发 \d+ 条失败事件/).waitFor();
    await context.close();

    const admin = await browser.newContext();
    const staffPage = await admin.newPage();
    await signIn(staffPage, server.baseUrl, staff.username, staff.password);
    await staffPage.goto(`${server.baseUrl}/admin/callbacks`);
    const row = staffPage.getByTestId('disabled-endpoints').getByRole('listitem').filter({ hasText: e.code });
    await expect(row.textContent()).resolves.toContain('连续 3 天投递失败');
    await expect(staffPage.getByTestId('disabled-endpoints').textContent()).resolves.not.toContain(d.code);
    await row.getByRole('button', { name: '重新启用' }).click();
    await staffPage.getByText('没有被停用的回调地址。').waitFor();
    await admin.close();
  });
});
