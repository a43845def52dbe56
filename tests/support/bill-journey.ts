import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Staff, on /admin/bills, cut the bill of a supplier's unbilled earnings (the row shows
 * `total`, the button asks again before it cuts), open it and mark it paid with a payment
 * reference.
 */
export async function staffBillAndPay(page: Page, baseUrl: string, supplierUsername: string, total: string, reference: string) {
  await page.goto(`${baseUrl}/admin/bills`);
  const row = page.getByRole('row', { name: new RegExp(supplierUsername) }).filter({ has: page.getByRole('button', { name: '生成账单' }) });
  await row.getByText(total).waitFor();
  await row.getByRole('button', { name: '生成账单' }).click();
  await row.getByRole('button', { name: '生成账单' }).click();
  await page.getByText(/已生成账单 BL/).waitFor();
  await page.getByRole('link', { name: /^BL/ }).first().click();
  await page.getByTestId('bill-total').waitFor();
  expect(await page.getByTestId('bill-total').textContent()).toBe(total);
  await page.getByLabel('付款凭证号 / 流水号').fill(reference);
  await page.getByRole('button', { name: '标记已付' }).click();
  await page.getByText('已付款').first().waitFor();
}

/**
 * The supplier opens its newest bill from /supplier/bills, sees it paid with the payment
 * reference, and downloads it as CSV (the page's context must accept downloads): the file.
 */
export async function supplierSeesPaidBill(page: Page, baseUrl: string, reference: string): Promise<string> {
  await page.goto(`${baseUrl}/supplier/bills`);
  await page.getByTestId('bills-chart').waitFor();
  await page.getByRole('link', { name: /^BL/ }).first().click();
  await page.waitForURL(/\/supplier\/bills\/\d+$/);
  await page.getByTestId('bill-total').waitFor();
  await page.getByText('已付款').first().waitFor();
  await page.getByText(reference, { exact: false }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
  return fs.readFileSync((await download.path())!, 'utf8');
}
