import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { distributorBrands, distributorCategories, distributors, topupRequests, wallets } from '@/server/db/schema';
import { adjustBalance } from '@/server/domain/wallet/staff-postings';
import { approveTopup, requestTopup } from '@/server/domain/wallet/topup-requests';
import { testDb } from '@tests/support/db';
import { createBrand, createCategory, createDistributorAccount, createProduct, createStaff } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

/**
 * One distributor never sees or touches another's balance, ledger, top-up requests,
 * credentials or selection. (Every procedure of the portal, including any new one, is also in
 * the generated matrix: tests/security/tenant-matrix.test.ts.)
 */
const db = testDb();
type Account = Awaited<ReturnType<typeof createDistributorAccount>>;

describe('tenant isolation of the distributor portal', () => {
  let a: Account;
  let b: Account;
  let aRequestId: number;
  let aMarkers: string[];

  beforeAll(async () => {
    const staff = await createStaff(db);
    a = await createDistributorAccount(db, { balance: 77_777, callbackUrl: 'https://a-mall.example.com/cb', ipWhitelist: ['198.51.100.77'] });
    b = await createDistributorAccount(db, { balance: 1_000 });
    const request = await requestTopup(a.ctx, { amount: 33_333, paymentMethod: 'wechat', paymentReference: 'A-ONLY-REF', proofImage: null, note: 'a-secret-note' });
    aRequestId = request.id;
    await approveTopup(staff.ctx, { id: (await requestTopup(a.ctx, { amount: 44_444, paymentMethod: 'alipay', paymentReference: 'A-APPROVED', proofImage: null, note: '' })).id });
    await adjustBalance(staff.ctx, { distributorId: a.distributorId, direction: 'down', amount: 111, reason: 'a-adjust-reason', requestKey: randomUUID() });
    await requestTopup(b.ctx, { amount: 500, paymentMethod: 'alipay', paymentReference: 'B-REF', proofImage: null, note: '' });
    const category = await createCategory(db);
    const brand = await createBrand(db);
    await createProduct(db, { categoryId: category.id, brandId: brand.id });
    await db.insert(distributorCategories).values({ distributorId: a.distributorId, categoryId: category.id });
    await db.insert(distributorBrands).values({ distributorId: a.distributorId, brandId: brand.id });
    aMarkers = [a.code, a.appKey, a.secret, a.webhookSecret, 'a-mall.example.com', '198.51.100.77', 'A-ONLY-REF', 'A-APPROVED', 'a-secret-note', 'a-adjust-reason', '77777', '77666', '122110'];
  });

  const expectNothingOfA = (value: unknown) => {
    const text = JSON.stringify(value);
    for (const marker of aMarkers) expect(text).not.toContain(marker);
  };

  /** Each procedure called as B, with what B gets back checked for A's data. */
  const cases: Record<string, () => Promise<void>> = {
    'distributor.binding.get': async () => {
      const got = await callerAs(b.identity).distributor.binding.get();
      expect(got.code).toBe(b.code);
      expectNothingOfA(got);
    },
    'distributor.binding.update': async () => {
      // An extra id naming A is refused (strict input): the session decides whose binding it is.
      await expect(callerAs(b.identity).distributor.binding.update({ callbackUrl: null, ipWhitelist: ['203.0.113.1'], id: a.distributorId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await callerAs(b.identity).distributor.binding.update({ callbackUrl: null, ipWhitelist: ['203.0.113.1'] });
      const [rowA] = await db.select().from(distributors).where(eq(distributors.id, a.distributorId));
      expect(rowA.ipWhitelist).toEqual(['198.51.100.77']);
      expect(rowA.callbackUrl).toBe('https://a-mall.example.com/cb');
    },
    'distributor.binding.rotateSecret': async () => {
      const [before] = await db.select().from(distributors).where(eq(distributors.id, a.distributorId));
      const got = await callerAs(b.identity).distributor.binding.rotateSecret();
      const [after] = await db.select().from(distributors).where(eq(distributors.id, a.distributorId));
      expect(after.secretCiphertext).toBe(before.secretCiphertext);
      expectNothingOfA(got);
    },
    'distributor.binding.rotateWebhookSecret': async () => {
      const [before] = await db.select().from(distributors).where(eq(distributors.id, a.distributorId));
      await callerAs(b.identity).distributor.binding.rotateWebhookSecret();
      const [after] = await db.select().from(distributors).where(eq(distributors.id, a.distributorId));
      expect(after.webhookSecretCiphertext).toBe(before.webhookSecretCiphertext);
    },
    'distributor.selection.get': async () => {
      const got = await callerAs(b.identity).distributor.selection.get();
      expect(got.categoryIds).toEqual([]);
      expect(got.brandIds).toEqual([]);
    },
    'distributor.selection.set': async () => {
      await callerAs(b.identity).distributor.selection.set({ mode: 'brand', categoryIds: [], brandIds: [] });
      expect(await db.select().from(distributorCategories).where(eq(distributorCategories.distributorId, a.distributorId))).toHaveLength(1);
      expect(await db.select().from(distributorBrands).where(eq(distributorBrands.distributorId, a.distributorId))).toHaveLength(1);
    },
    'distributor.prices.list': async () => {
      const got = await callerAs(b.identity).distributor.prices.list({});
      expect(got.rows.every((r) => !r.selected)).toBe(true); // A's selection is not B's
      expectNothingOfA(got);
    },
    'distributor.balance.summary': async () => {
      expect((await callerAs(b.identity).distributor.balance.summary()).balance).toBe(1_000);
    },
    'distributor.balance.ledger': async () => {
      await expect(callerAs(b.identity).distributor.balance.ledger({ distributorId: a.distributorId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const got = await callerAs(b.identity).distributor.balance.ledger({});
      expect(got.rows.every((r) => r.distributorId === b.distributorId)).toBe(true);
      expect(got.total).toBe(1);
      expectNothingOfA(got);
    },
    'distributor.balance.statements': async () => {
      const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
      await expect(callerAs(b.identity).distributor.balance.statements({ from: month, to: month, distributorId: a.distributorId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const got = await callerAs(b.identity).distributor.balance.statements({ from: month, to: month });
      expect(got.map((m) => m.closing)).toEqual([1_000]);
      expectNothingOfA(got);
    },
    'distributor.balance.series': async () => {
      await expect(callerAs(b.identity).distributor.balance.series({ days: 7, distributorId: a.distributorId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const got = await callerAs(b.identity).distributor.balance.series({ days: 7 });
      expect(got.at(-1)!.balance).toBe(1_000);
      expectNothingOfA(got);
    },
    'distributor.balance.topupRequests': async () => {
      await expect(callerAs(b.identity).distributor.balance.topupRequests({ distributorId: a.distributorId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const got = await callerAs(b.identity).distributor.balance.topupRequests({});
      expect(got.rows.map((r) => r.paymentReference)).toEqual(['B-REF']);
      expectNothingOfA(got);
    },
    'distributor.balance.topupRequest': async () => {
      await expect(callerAs(b.identity).distributor.balance.topupRequest({ id: aRequestId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(callerAs(b.identity).distributor.balance.topupRequest({ id: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // A's own request is there for A.
      await expect(callerAs(a.identity).distributor.balance.topupRequest({ id: aRequestId })).resolves.toMatchObject({ paymentReference: 'A-ONLY-REF' });
    },
    'distributor.balance.withdrawTopup': async () => {
      await expect(callerAs(b.identity).distributor.balance.withdrawTopup({ id: aRequestId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const [request] = await db.select().from(topupRequests).where(eq(topupRequests.id, aRequestId));
      expect(request.status).toBe('pending');
    },
    'distributor.balance.applyTopup': async () => {
      await expect(callerAs(b.identity).distributor.balance.applyTopup({ amount: 1, paymentMethod: 'other', paymentReference: 'x', distributorId: a.distributorId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const got = await callerAs(b.identity).distributor.balance.applyTopup({ amount: 1, paymentMethod: 'other', paymentReference: 'x' });
      expect(got.distributorId).toBe(b.distributorId);
    },
  };

  for (const [procedure, run] of Object.entries(cases)) {
    it(`${procedure}: B sees and changes only its own`, async () => {
      await run();
      const [walletA] = await db.select().from(wallets).where(eq(wallets.distributorId, a.distributorId));
      expect(walletA.balance).toBe(77_777 + 44_444 - 111);
    });
  }

  it('refuses the staff procedures to a distributor, and everything to the signed-out', async () => {
    await expect(callerAs(b.identity).admin.wallet.ledger({ distributorId: a.distributorId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(b.identity).admin.distributors.binding({ id: a.distributorId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(b.identity).admin.wallet.approveTopup({ id: aRequestId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(null).distributor.balance.summary()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
