import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributors, wallets } from '@/server/db/schema';
import { seedDemoData, type DemoCredentials } from '@/server/db/seed';
import { checkInvariants } from '@/server/domain/invariants';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { launchBrowser, signIn } from '@tests/support/browser';
import { testDb } from '@tests/support/db';
import { PNG_BYTES } from '../catalog/helpers';

/**
 * The whole money path in a real browser: staff create a distributor (its secret shown
 * once) and top it up; the distributor signs in, sees its balance and applies for a top-up;
 * staff approve it; the distributor's balance and ledger show it.
 */
describe('distributor onboarding and top-ups in a real browser', () => {
  let server: AppServer;
  let browser: Browser;
  let creds: DemoCredentials;
  const db = testDb();

  beforeAll(async () => {
    creds = await seedDemoData(db, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-topups-')), log: () => {} });
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function portal(username: string, password: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The pages confirm money steps with window.confirm: a person would click OK.
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, server.baseUrl, username, password);
    return page;
  }

  it('creates, tops up, applies, approves, and the balance and ledger show it', { timeout: 180_000 }, async () => {
    const admin = creds.logins.find((l) => l.username === 'admin')!;
    const staff = await portal(admin.username, admin.password);

    // Staff create a distributor; the credentials are shown once.
    await staff.goto(`${server.baseUrl}/admin/distributors`);
    await staff.getByLabel('分销商名称').fill('端到端商城');
    await staff.getByLabel('分销等级').last().selectOption({ label: '高级分销商（5.00%）' });
    await staff.getByLabel('后台登录名').fill('e2e_mall');
    await staff.getByRole('button', { name: '随机生成' }).click();
    const password = await staff.getByLabel('初始密码').inputValue();
    expect(password).toHaveLength(14);
    await staff.getByLabel('IP 白名单').fill('127.0.0.1\n::1');
    await staff.getByRole('button', { name: '创建分销商' }).click();
    const shown = staff.getByTestId('secrets-once');
    await shown.waitFor();
    const code = (await staff.getByTestId('secret-code').textContent())!;
    const secret = (await staff.getByTestId('secret-secret').textContent())!;
    expect(code).toMatch(/^D\d{4}$/);
    expect(secret).toMatch(/^sk_/);
    expect(await staff.getByTestId('secret-webhookSecret').textContent()).toMatch(/^whsec_/);
    const [row] = await db.select().from(distributors).where(eq(distributors.code, code));
    expect(JSON.stringify(row)).not.toContain(secret);

    // Once dismissed, the secret is nowhere to be seen again, not even on its detail page.
    await staff.getByRole('link', { name: '查看分销商详情' }).click();
    await staff.waitForURL(/\/admin\/distributors\/\d+$/);
    await staff.getByTestId('credentials').waitFor();
    expect(await staff.content()).not.toContain(secret);
    await expect(staff.getByTestId('detail-balance').textContent()).resolves.toBe('¥0.00');

    // A direct top-up of 500.00.
    const walletActions = staff.getByTestId('wallet-actions');
    await walletActions.getByLabel('充值金额（元）', { exact: true }).fill('500');
    await walletActions.getByLabel('备注').fill('首笔货款');
    await walletActions.getByRole('button', { name: '直接充值' }).click();
    await staff.getByText('已完成，当前余额 ¥500.00。').waitFor();
    await staff.getByTestId('detail-balance').getByText('¥500.00').waitFor();

    // The distributor signs in, sees 500.00, and applies for 200.00 more.
    const mall = await portal('e2e_mall', password);
    await mall.goto(`${server.baseUrl}/distributor/balance`);
    await mall.getByTestId('current-balance').getByText('¥500.00').waitFor();
    await mall.getByTestId('ledger').getByText('首笔货款').waitFor();
    await mall.getByLabel('充值金额（元）', { exact: true }).fill('200.00');
    await mall.getByLabel('付款方式').selectOption('alipay');
    await mall.getByLabel('付款流水号').fill('E2E-ALIPAY-0001');
    // A screenshot of the transfer as proof: uploaded, shown, and handed to staff with the request.
    const proofFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proof-')), '转账截图.png');
    fs.writeFileSync(proofFile, PNG_BYTES);
    await mall.locator('#topup-proof').setInputFiles(proofFile);
    await mall.getByTestId('topup-proof-list').getByRole('img').waitFor();
    await mall.getByRole('button', { name: '提交申请' }).click();
    await mall.getByText('已提交 ¥200.00 的充值申请').waitFor();
    const application = mall.getByTestId('topup-history').getByRole('row').filter({ hasText: 'E2E-ALIPAY-0001' });
    await application.filter({ hasText: '待审核' }).waitFor();
    await expect(mall.getByTestId('current-balance').textContent()).resolves.toBe('¥500.00');

    // Staff approve it.
    await staff.goto(`${server.baseUrl}/admin/topups`);
    const request = staff.getByTestId('topup-review').getByRole('row').filter({ hasText: 'E2E-ALIPAY-0001' });
    const proofHref = await request.getByRole('link').filter({ hasText: /凭证/ }).getAttribute('href');
    expect(proofHref).toMatch(/\/uploads\/topup-proof\//);
    expect((await fetch(proofHref!)).headers.get('content-type')).toBe('image/png');
    await request.getByRole('button', { name: '通过' }).click();
    await staff.getByText(/已通过，¥200\.00 已入账/).waitFor();
    // The approved row has left the list of those waiting, its button with it: focus is on the result.
    await expect(staff.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(/已通过，¥200\.00 已入账/);
    // All applications: the filter stands in the address under the list's name (the ledger below keeps its own) and survives a reload.
    const review = staff.getByTestId('topup-review');
    await review.getByLabel('状态').selectOption('all');
    await staff.waitForURL(/[?&]topups\.status=all/);
    await request.filter({ hasText: '已入账' }).waitFor();
    await staff.reload();
    await request.filter({ hasText: '已入账' }).waitFor();
    await expect(review.getByLabel('状态').inputValue()).resolves.toBe('all');

    // The distributor sees 700.00, the credited application, and both entries in its ledger.
    await mall.reload();
    await mall.getByTestId('current-balance').getByText('¥700.00').waitFor();
    await application.filter({ hasText: '已入账' }).waitFor();
    const ledgerRows = mall.getByTestId('ledger').getByRole('row');
    await ledgerRows.filter({ hasText: '+¥200.00' }).filter({ hasText: '700.00' }).waitFor();
    await ledgerRows.filter({ hasText: '+¥500.00' }).filter({ hasText: '首笔货款' }).waitFor();
    expect(await ledgerRows.count()).toBe(3); // header + two entries

    // Two lists on one page, each with its filters in the address under its own name: the
    // ledger searched for the first payment, the applications filtered to those credited.
    await mall.getByTestId('ledger').getByLabel('关联单号 / 备注').fill('首笔货款');
    await mall.getByTestId('ledger').getByRole('button', { name: '搜索' }).click();
    await mall.waitForURL(/[?&]ledger\.search=/);
    await mall.getByTestId('topup-history').getByLabel('状态').selectOption('approved');
    await mall.waitForURL(/[?&]topups\.status=approved/);
    expect(new URL(mall.url()).searchParams.get('ledger.search')).toBe('首笔货款');
    await mall.reload();
    await ledgerRows.filter({ hasText: '首笔货款' }).waitFor();
    await expect.poll(() => ledgerRows.count()).toBe(2); // header + the first payment
    await application.filter({ hasText: '已入账' }).waitFor();
    await expect(mall.getByTestId('topup-history').getByLabel('状态').inputValue()).resolves.toBe('approved');
    await expect(mall.getByTestId('ledger').getByLabel('关联单号 / 备注').inputValue()).resolves.toBe('首笔货款');
    await mall.goto(`${server.baseUrl}/distributor/balance`);

    // An application sent by mistake is withdrawn: staff no longer see it waiting, nothing is credited.
    await mall.getByLabel('充值金额（元）', { exact: true }).fill('99.00');
    await mall.getByLabel('付款流水号').fill('E2E-MISTAKE-0002');
    await mall.getByRole('button', { name: '提交申请' }).click();
    const mistake = mall.getByTestId('topup-history').getByRole('row').filter({ hasText: 'E2E-MISTAKE-0002' });
    await mistake.getByRole('button', { name: '撤回' }).click();
    await mistake.filter({ hasText: '已撤回' }).waitFor();
    await expect(mistake.getByRole('button', { name: '撤回' }).count()).resolves.toBe(0);
    await staff.goto(`${server.baseUrl}/admin/topups`); // those waiting, as the page opens
    await staff.getByTestId('topup-review').getByRole('row').first().waitFor();
    await expect(staff.getByTestId('topup-review').getByRole('row').filter({ hasText: 'E2E-MISTAKE-0002' }).count()).resolves.toBe(0);

    const [wallet] = await db.select().from(wallets).where(eq(wallets.distributorId, row.id));
    expect(wallet.balance).toBe(70_000);
    expect((await checkInvariants(db)).breaches).toEqual([]);
  });

  it('refuses the portal to a disabled distributor', async () => {
    const admin = creds.logins.find((l) => l.username === 'admin')!;
    const distributor1 = creds.logins.find((l) => l.username === 'distributor1')!;
    const staff = await portal(admin.username, admin.password);
    const [d1] = await db.select().from(distributors).where(eq(distributors.code, 'D0001'));
    await staff.goto(`${server.baseUrl}/admin/distributors/${d1.id}`);
    await staff.getByRole('button', { name: '停用' }).click();
    await staff.getByText(/该分销商已停用/).waitFor();

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('登录名').fill(distributor1.username);
    await page.getByLabel('密码').fill(distributor1.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.locator('form [role=alert]').textContent()).resolves.toContain('该账号已停用');
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
