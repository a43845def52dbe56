import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { distributors, suppliers, users } from '@/server/db/schema';
import { verifySignIn } from '@/server/domain/accounts/sign-in';
import { DomainError } from '@/server/domain/errors';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff, createSupplierAccount, TEST_PASSWORD } from '@tests/support/factories';

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('signing in', () => {
  afterEach(() => {
    delete process.env.LOGIN_MAX_FAILURES_PER_IP;
  });

  it('accepts the right password, case-insensitive username, and says who it is', async () => {
    const s = await createSupplierAccount(testDb());
    const user = await verifySignIn(testDb(), { username: s.username.toUpperCase(), password: TEST_PASSWORD, ip: '10.0.0.1' });
    expect(user).toMatchObject({ userId: s.userId, role: 'supplier', supplierId: s.supplierId, distributorId: null });
    const [row] = await testDb().select().from(users).where(eq(users.id, s.userId));
    expect(row.lastLoginAt).not.toBeNull();
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const staff = await createStaff(testDb());
    expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: 'nope', ip: '10.0.0.2' }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verifySignIn(testDb(), { username: 'nobody-here', password: 'nope', ip: '10.0.0.2' }))).toBe('UNAUTHENTICATED');
  });

  it('locks a username after 5 failures, even with the right password, whatever the address', async () => {
    const staff = await createStaff(testDb());
    for (let i = 0; i < 5; i++) {
      expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: 'wrong', ip: `10.1.0.${i}` }))).toBe('UNAUTHENTICATED');
    }
    expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: TEST_PASSWORD, ip: '10.1.0.99' }))).toBe('RATE_LIMITED');
  });

  it('lets no more than the limit of guesses sent at once reach the password check', async () => {
    const staff = await createStaff(testDb());
    // 20 guesses at the same moment, each on a connection of its own, from different addresses.
    const codes = await Promise.all(Array.from({ length: 20 }, (_, i) => codeOf(verifySignIn(testDb(), { username: staff.username, password: `wrong-${i}`, ip: `10.4.0.${i}` }))));
    const checked = codes.filter((c) => c === 'UNAUTHENTICATED').length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c !== 'UNAUTHENTICATED').every((c) => c === 'RATE_LIMITED')).toBe(true);
    // Refused guesses are not failures: the rest of the limit is there for guesses that follow, and no more.
    for (let i = 0; i < 10; i++) codes.push(await codeOf(verifySignIn(testDb(), { username: staff.username, password: `later-${i}`, ip: '10.4.1.1' })));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBe(5);
    expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: TEST_PASSWORD, ip: '10.4.0.99' }))).toBe('RATE_LIMITED');
  });

  it('limits one address trying many usernames', async () => {
    process.env.LOGIN_MAX_FAILURES_PER_IP = '4';
    const staff = await createStaff(testDb());
    for (let i = 0; i < 4; i++) {
      expect(await codeOf(verifySignIn(testDb(), { username: `guess${i}`, password: 'x', ip: '10.2.0.1' }))).toBe('UNAUTHENTICATED');
    }
    expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: TEST_PASSWORD, ip: '10.2.0.1' }))).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: TEST_PASSWORD, ip: '10.2.0.2' }))).toBe('OK');
  });

  it('clears the failure count after a good sign-in', async () => {
    const staff = await createStaff(testDb());
    for (let i = 0; i < 4; i++) await codeOf(verifySignIn(testDb(), { username: staff.username, password: 'wrong', ip: '10.3.0.1' }));
    expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: TEST_PASSWORD, ip: '10.3.0.1' }))).toBe('OK');
    for (let i = 0; i < 4; i++) await codeOf(verifySignIn(testDb(), { username: staff.username, password: 'wrong', ip: '10.3.0.1' }));
    expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: TEST_PASSWORD, ip: '10.3.0.1' }))).toBe('OK');
  });

  it('refuses disabled accounts, suppliers and distributors', async () => {
    const staff = await createStaff(testDb());
    await testDb().update(users).set({ status: 'disabled' }).where(eq(users.id, staff.userId));
    expect(await codeOf(verifySignIn(testDb(), { username: staff.username, password: TEST_PASSWORD, ip: '10.4.0.1' }))).toBe('FORBIDDEN');

    const s = await createSupplierAccount(testDb());
    await testDb().update(suppliers).set({ status: 'disabled' }).where(eq(suppliers.id, s.supplierId));
    expect(await codeOf(verifySignIn(testDb(), { username: s.username, password: TEST_PASSWORD, ip: '10.4.0.1' }))).toBe('FORBIDDEN');

    const d = await createDistributorAccount(testDb());
    await testDb().update(distributors).set({ status: 'disabled' }).where(eq(distributors.id, d.distributorId));
    expect(await codeOf(verifySignIn(testDb(), { username: d.username, password: TEST_PASSWORD, ip: '10.4.0.1' }))).toBe('FORBIDDEN');
  });
});
