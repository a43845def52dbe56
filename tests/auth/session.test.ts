import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { distributors, suppliers } from '@/server/db/schema';
import { resolveSession } from '@/server/domain/accounts/session';
import { changeOwnPassword, resetPassword, setUserStatus } from '@/server/domain/accounts/users';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff, createSupplierAccount, TEST_PASSWORD, userRow } from '@tests/support/factories';

const claimsOf = async (userId: number) => ({ userId, sessionVersion: (await userRow(testDb(), userId)).sessionVersion });

describe('session revocation', () => {
  it('resolves a good session to its actor and tenant', async () => {
    const s = await createSupplierAccount(testDb());
    const identity = await resolveSession(testDb(), await claimsOf(s.userId));
    expect(identity?.actor).toEqual({ kind: 'supplier', userId: s.userId, supplierId: s.supplierId });
  });

  it('ends every session at once when the password changes', async () => {
    const s = await createSupplierAccount(testDb());
    const before = await claimsOf(s.userId);
    await changeOwnPassword(s.ctx, { currentPassword: TEST_PASSWORD, newPassword: 'a-new-password' });
    expect(await resolveSession(testDb(), before)).toBeNull();
    expect(await resolveSession(testDb(), await claimsOf(s.userId))).not.toBeNull();
  });

  it('refuses a password change with the wrong current password, and changes nothing', async () => {
    const s = await createSupplierAccount(testDb());
    const before = await claimsOf(s.userId);
    await expect(changeOwnPassword(s.ctx, { currentPassword: 'wrong', newPassword: 'a-new-password' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await resolveSession(testDb(), before)).not.toBeNull();
  });

  it('ends sessions when staff reset a password or disable an account', async () => {
    const staff = await createStaff(testDb());
    const d = await createDistributorAccount(testDb());
    const first = await claimsOf(d.userId);
    await resetPassword(staff.ctx, { userId: d.userId, newPassword: 'another-password' });
    expect(await resolveSession(testDb(), first)).toBeNull();

    const second = await claimsOf(d.userId);
    await setUserStatus(staff.ctx, { userId: d.userId, status: 'disabled' });
    expect(await resolveSession(testDb(), second)).toBeNull();
    expect(await resolveSession(testDb(), await claimsOf(d.userId))).toBeNull();
  });

  it('ends the sessions of a disabled supplier or distributor company', async () => {
    const s = await createSupplierAccount(testDb());
    const d = await createDistributorAccount(testDb());
    const sClaims = await claimsOf(s.userId);
    const dClaims = await claimsOf(d.userId);
    await testDb().update(suppliers).set({ status: 'disabled' }).where(eq(suppliers.id, s.supplierId));
    await testDb().update(distributors).set({ status: 'disabled' }).where(eq(distributors.id, d.distributorId));
    expect(await resolveSession(testDb(), sClaims)).toBeNull();
    expect(await resolveSession(testDb(), dClaims)).toBeNull();
  });

  it('does not let staff disable themselves', async () => {
    const staff = await createStaff(testDb());
    await expect(setUserStatus(staff.ctx, { userId: staff.userId, status: 'disabled' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
