import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '@/server/db/schema';
import { generatePassword } from '@/server/domain/accounts/passwords';
import { passwordRuleBroken } from '@/server/domain/accounts/password-policy';
import { verifySignIn } from '@/server/domain/accounts/sign-in';
import { DomainError } from '@/server/domain/errors';
import { testDb } from '@tests/support/db';
import { createLevel, createStaff, createSupplierAccount, TEST_PASSWORD } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

/** The rule a refused call names (the portals word it from `details.rule`), or 'accepted'. */
async function ruleOf(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) return 'accepted';
  expect(error).toBeInstanceOf(TRPCError);
  const cause = (error as TRPCError).cause;
  expect(cause).toBeInstanceOf(DomainError);
  expect((cause as DomainError).code).toBe('INVALID_REQUEST');
  return (cause as DomainError).details?.rule;
}

describe('the password policy', () => {
  it('asks for 8 characters, not the login name in any dress, not a common or trivial password', () => {
    expect(passwordRuleBroken('abc1234')).toBe('tooShort');
    expect(passwordRuleBroken('x'.repeat(129))).toBe('tooLong');
    expect(passwordRuleBroken('supplier7', 'supplier7')).toBe('likeUsername');
    expect(passwordRuleBroken('Supplier7', 'supplier7')).toBe('likeUsername');
    expect(passwordRuleBroken('7reilppus', 'supplier7')).toBe('likeUsername');
    expect(passwordRuleBroken('Admin#2024', 'admin')).toBe('likeUsername');
    expect(passwordRuleBroken('zhangwei.1990', 'zhang.wei')).toBe('likeUsername');
    for (const common of ['12345678', 'Password123', 'P@ssw0rd', 'woaini1314', 'qwertyuiop', '88888888', 'abcdefghij', '98765432', 'zzzzzzzzzz']) {
      expect(passwordRuleBroken(common, 'someone'), common).toBe('common');
    }
    // A name inside a longer password is allowed: only the name itself, decorated, is refused.
    expect(passwordRuleBroken('admin-likes-green-tea', 'admin')).toBeNull();
    expect(passwordRuleBroken(TEST_PASSWORD, 'someone')).toBeNull();
    expect(passwordRuleBroken('密码是一句很长的话', 'someone')).toBeNull();
    // The initial passwords the hub makes pass (14 random letters and digits).
    for (let i = 0; i < 500; i++) expect(passwordRuleBroken(generatePassword(), 'u' + i)).toBeNull();
  });

  it('is kept when staff create staff, supplier and distributor logins: the refused login is not created', async () => {
    const staff = await createStaff(testDb());
    const level = await createLevel(testDb());
    const admin = callerAs(staff.identity).admin;
    expect(await ruleOf(admin.staff.create({ username: 'new.colleague', password: 'New.Colleague' }))).toBe('likeUsername');
    expect(await ruleOf(admin.staff.create({ username: 'new.colleague', password: 'short' }))).toBe('tooShort');
    expect(await ruleOf(admin.suppliers.create({ name: '新供应商', username: 'pw-supplier', password: 'password123' }))).toBe('common');
    expect(await ruleOf(admin.accounts.createDistributor({ name: '新商城', levelId: level.id, username: 'pw-mall', password: 'pw-mall2024' }))).toBe('likeUsername');
    const created = await testDb().select().from(users).where(eq(users.username, 'new.colleague'));
    expect(created).toEqual([]);
    expect(await testDb().select().from(users).where(eq(users.username, 'pw-supplier'))).toEqual([]);
    expect(await ruleOf(admin.staff.create({ username: 'new.colleague', password: 'a-long-password' }))).toBe('accepted');
  });

  it('is kept when a password is changed or reset; the old password keeps working after a refusal', async () => {
    const staff = await createStaff(testDb());
    const supplier = await createSupplierAccount(testDb());
    const own = callerAs(supplier.identity).account;
    expect(await ruleOf(own.changePassword({ currentPassword: TEST_PASSWORD, newPassword: '1234567890' }))).toBe('common');
    expect(await ruleOf(own.changePassword({ currentPassword: TEST_PASSWORD, newPassword: `${supplier.username.toUpperCase()}!!` }))).toBe('likeUsername');
    expect(await ruleOf(callerAs(staff.identity).admin.staff.resetPassword({ userId: supplier.userId, newPassword: 'iloveyou' }))).toBe('common');
    expect(await ruleOf(callerAs(staff.identity).admin.staff.resetPassword({ userId: supplier.userId, newPassword: 'seven77' }))).toBe('tooShort');
    await expect(verifySignIn(testDb(), { username: supplier.username, password: TEST_PASSWORD, ip: '10.8.0.1' })).resolves.toMatchObject({ userId: supplier.userId });
    expect(await ruleOf(own.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'tea-with-two-sugars' }))).toBe('accepted');
  });
});
