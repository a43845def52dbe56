import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/server/db/schema';
import { resolveSession } from '@/server/domain/accounts/session';
import { verifySignIn } from '@/server/domain/accounts/sign-in';
import { createBrand, createCategory, createDistributorAccount, createStaff } from '@tests/support/factories';
import { testDb } from '@tests/support/db';
import { callerAs } from '@tests/support/trpc';
import { eventsFor, productRow, supplierProductForm } from './helpers';

describe('staff manage suppliers', () => {
  let staff: ReturnType<typeof callerAs>['admin']['suppliers'];
  let categoryId: number;
  let brandId: number;

  beforeAll(async () => {
    const db = testDb();
    staff = callerAs((await createStaff(db)).identity).admin.suppliers;
    categoryId = (await createCategory(db)).id;
    brandId = (await createBrand(db)).id;
  });

  it('create a supplier with its login and a login link to hand over; the supplier can sign in', async () => {
    const created = await staff.create({ name: '鲜味食品有限公司', contactName: '张经理', phone: '13800000000', username: 'Fresh_Foods', password: 'hand-over-pw-1', categoryIds: [categoryId], brandIds: [brandId] });
    expect(created).toMatchObject({ username: 'fresh_foods', loginUrl: expect.stringMatching(/^https?:\/\/.+\/login\?callbackUrl=%2Fsupplier$/) });
    const signedIn = await verifySignIn(testDb(), { username: 'fresh_foods', password: 'hand-over-pw-1', ip: '127.0.0.1' });
    expect(signedIn).toMatchObject({ role: 'supplier', supplierId: created.id });
    const detail = await staff.get({ id: created.id });
    expect(detail).toMatchObject({ name: '鲜味食品有限公司', contactName: '张经理', categoryIds: [categoryId], brandIds: [brandId], loginUrl: created.loginUrl });
    expect(detail.logins.map((l) => l.username)).toEqual(['fresh_foods']);
    await expect(staff.create({ name: '重名', username: 'fresh_foods', password: 'hand-over-pw-1', categoryIds: [], brandIds: [] })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('list, search and edit suppliers', async () => {
    const created = await staff.create({ name: '悦肤日化', username: 'yuefu', password: 'hand-over-pw-1', categoryIds: [], brandIds: [] });
    expect((await staff.list({ q: 'yuefu' })).rows.map((r) => r.id)).toEqual([created.id]);
    expect((await staff.list({ q: '悦肤' })).rows[0]).toMatchObject({ id: created.id, username: 'yuefu', productCount: 0 });
    await staff.update({ id: created.id, name: '悦肤日化有限公司', contactName: '李', phone: '139' });
    expect(await staff.get({ id: created.id })).toMatchObject({ name: '悦肤日化有限公司', contactName: '李', phone: '139' });
    await expect(staff.update({ id: 999_999, name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('assign categories and brands, which the supplier then may use', async () => {
    const created = await staff.create({ name: '新供应商', username: 'assign_me', password: 'hand-over-pw-1', categoryIds: [], brandIds: [] });
    const identity = { actor: { kind: 'supplier' as const, userId: created.userId, supplierId: created.id }, username: 'assign_me', displayName: '' };
    const supplier = callerAs(identity).supplier.products;
    await expect(supplier.create(supplierProductForm(categoryId, brandId))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await staff.setAssignments({ id: created.id, categoryIds: [categoryId, categoryId], brandIds: [brandId] });
    expect(await staff.get({ id: created.id })).toMatchObject({ categoryIds: [categoryId], brandIds: [brandId] });
    await expect(supplier.create(supplierProductForm(categoryId, brandId))).resolves.toMatchObject({ status: 'draft' });
    await expect(staff.setAssignments({ id: created.id, categoryIds: [999_999], brandIds: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('disable a supplier: its sessions end at once and its products leave sale; enable lets it back in', async () => {
    await createDistributorAccount(testDb());
    const created = await staff.create({ name: '将停用', username: 'to_disable', password: 'hand-over-pw-1', categoryIds: [categoryId], brandIds: [brandId] });
    const identity = { actor: { kind: 'supplier' as const, userId: created.userId, supplierId: created.id }, username: 'to_disable', displayName: '' };
    const product = await callerAs(identity).supplier.products.create(supplierProductForm(categoryId, brandId, { submit: true }));
    const admin = callerAs((await createStaff()).identity).admin;
    await admin.review.approve({ id: product.id, submittedAt: product.submittedAt!, supplyPrice: 1000 });

    const [user] = await testDb().select().from(users).where(eq(users.id, created.userId));
    expect(await resolveSession(testDb(), { userId: user.id, sessionVersion: user.sessionVersion })).not.toBeNull();
    const disabled = await staff.setStatus({ id: created.id, status: 'disabled' });
    expect(disabled).toMatchObject({ status: 'disabled', productsTakenOffShelf: 1 });
    expect(await resolveSession(testDb(), { userId: user.id, sessionVersion: user.sessionVersion })).toBeNull();
    await expect(verifySignIn(testDb(), { username: 'to_disable', password: 'hand-over-pw-1', ip: '127.0.0.1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await productRow(product.id)).status).toBe('off_shelf');
    expect((await eventsFor(product.id)).at(-1)).toMatchObject({ type: 'product.status_changed', data: { status: 'unavailable' } });

    await staff.setStatus({ id: created.id, status: 'active' });
    expect(await resolveSession(testDb(), { userId: user.id, sessionVersion: user.sessionVersion })).not.toBeNull();
    expect((await productRow(product.id)).status).toBe('off_shelf');
  });
});
