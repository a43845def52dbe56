import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decryptSecret } from '@/lib/crypto';
import { auditLog, distributors, wallets } from '@/server/db/schema';
import { verifySignIn } from '@/server/domain/accounts/sign-in';
import { testDb } from '@tests/support/db';
import { createCategory, createLevel, createStaff } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

describe('staff create staff, supplier and distributor accounts', () => {
  it('creates a staff login that can sign in, and refuses a taken username', async () => {
    const staff = await createStaff(testDb());
    const admin = callerAs(staff.identity).admin;
    await admin.staff.create({ username: 'New.Colleague', displayName: '王五', password: 'first-password' });
    const user = await verifySignIn(testDb(), { username: 'new.colleague', password: 'first-password', ip: '10.9.0.1' });
    expect(user.role).toBe('staff');
    const list = await admin.staff.list();
    expect(list.map((u) => u.username)).toContain('new.colleague');
    await expect(admin.staff.create({ username: 'new.colleague', password: 'another-password' })).rejects.toMatchObject({
      code: 'CONFLICT',
    } satisfies Partial<TRPCError>);
  });

  it('refuses bad usernames and short passwords with field errors', async () => {
    const staff = await createStaff(testDb());
    await expect(callerAs(staff.identity).admin.staff.create({ username: 'a b', password: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('creates a supplier with its login and assignments', async () => {
    const staff = await createStaff(testDb());
    const category = await createCategory(testDb());
    const created = await callerAs(staff.identity).admin.suppliers.create({
      name: '测试供应商', username: 'new-supplier', password: 'supplier-password', categoryIds: [category.id],
    });
    const user = await verifySignIn(testDb(), { username: 'new-supplier', password: 'supplier-password', ip: '10.9.0.2' });
    expect(user).toMatchObject({ role: 'supplier', supplierId: created.id });
    const audit = await testDb().select().from(auditLog).where(eq(auditLog.entityId, String(created.id)));
    expect(audit.map((a) => a.action)).toContain('supplier.create');
    expect(audit[0].actorUserId).toBe(staff.userId);
  });

  it('creates a distributor with credentials shown once, a stored ciphertext and an empty wallet', async () => {
    const staff = await createStaff(testDb());
    const level = await createLevel(testDb(), { feeBps: 800 });
    const created = await callerAs(staff.identity).admin.accounts.createDistributor({
      name: '新商城', levelId: level.id, username: 'new-mall', password: 'distributor-password', ipWhitelist: ['10.0.0.0/8'],
    });
    expect(created.code).toMatch(/^D\d{4,}$/);
    expect(created.secret).toMatch(/^sk_/);
    expect(created.webhookSecret).toMatch(/^whsec_/);
    const [row] = await testDb().select().from(distributors).where(eq(distributors.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.secret);
    expect(decryptSecret(row.secretCiphertext)).toBe(created.secret);
    const [wallet] = await testDb().select().from(wallets).where(eq(wallets.distributorId, created.id));
    expect(wallet.balance).toBe(0);
    await expect(
      callerAs(staff.identity).admin.accounts.createDistributor({ name: 'x', levelId: level.id, username: 'mall-2', password: 'distributor-password', ipWhitelist: ['300.1.1.1'] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
