import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, outboxEvents, productLevelGrants, users } from '@/server/db/schema';
import { resolveSession } from '@/server/domain/accounts/session';
import { verifySignIn } from '@/server/domain/accounts/sign-in';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createLevel, createProduct, createStaff, TEST_PASSWORD } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const db = testDb();

describe('staff manage distributors', () => {
  it('creates a distributor with its login, credentials shown once and an empty wallet', async () => {
    const staff = await createStaff();
    const level = await createLevel(db, { feeBps: 300 });
    const admin = callerAs(staff.identity).admin;
    const created = await admin.accounts.createDistributor({
      name: '新商城',
      levelId: level.id,
      username: 'newmall_admin',
      password: 'a-long-password',
      ipWhitelist: [' 203.0.113.7 ', '2001:db8::/32'],
      callbackUrl: 'https://mall.example.com/hooks/supply',
    });
    expect(created.code).toMatch(/^D\d{4,}$/);
    expect(created.secret).toMatch(/^sk_/);
    const detail = await admin.distributors.get({ id: created.id });
    expect(detail).toMatchObject({ name: '新商城', levelId: level.id, feeBps: 300, balance: 0, status: 'active' });
    expect(detail.logins.map((l) => l.username)).toEqual(['newmall_admin']);
    const binding = await admin.distributors.binding({ id: created.id });
    expect(binding.ipWhitelist).toEqual(['203.0.113.7', '2001:db8::/32']);
    expect(binding.callbackUrl).toBe('https://mall.example.com/hooks/supply');
    expect(binding.baseUrl).toMatch(/\/api\/open\/v1$/);
  });

  it('lists with search, level and status filters, and pages', async () => {
    const staff = await createStaff();
    const level = await createLevel(db);
    const mine = await Promise.all([0, 1, 2].map(() => createDistributorAccount(db, { levelId: level.id })));
    const admin = callerAs(staff.identity).admin.distributors;
    const byLevel = await admin.list({ levelId: level.id });
    expect(byLevel.total).toBe(3);
    const ids = mine.map((m) => m.distributorId).sort((a, b) => a - b);
    expect(byLevel.rows.map((r) => r.id)).toEqual(ids);
    expect((await admin.list({ levelId: level.id, pageSize: 2, page: 2 })).rows.map((r) => r.id)).toEqual([ids[2]]);
    expect((await admin.list({ search: mine[1].username })).rows.map((r) => r.id)).toEqual([mine[1].distributorId]);
    expect((await admin.list({ search: mine[1].code })).rows.map((r) => r.id)).toEqual([mine[1].distributorId]);
    expect((await admin.list({ search: '%' })).total).toBe(0);
    await admin.setStatus({ id: mine[0].distributorId, status: 'disabled' });
    expect((await admin.list({ levelId: level.id, status: 'disabled' })).rows.map((r) => r.id)).toEqual([mine[0].distributorId]);
  });

  it('sorts by balance either way (ties by id) and by joining order, on the server, across pages', async () => {
    const staff = await createStaff();
    const level = await createLevel(db);
    const [a, b, c, d] = await Promise.all([500, 20_000, 500, 7_000].map((balance) => createDistributorAccount(db, { levelId: level.id, balance })));
    const admin = callerAs(staff.identity).admin.distributors;
    const ids = async (input: Parameters<typeof admin.list>[0]) => (await admin.list({ levelId: level.id, ...input })).rows.map((r) => r.id);
    const [low, high] = [a, c].map((x) => x.distributorId).sort((x, y) => x - y);
    expect(await ids({ sort: 'balance', dir: 'desc' })).toEqual([b.distributorId, d.distributorId, high, low]);
    expect(await ids({ sort: 'balance', dir: 'asc' })).toEqual([low, high, d.distributorId, b.distributorId]);
    expect(await ids({ sort: 'balance', dir: 'asc', pageSize: 3, page: 2 })).toEqual([b.distributorId]);
    expect(await ids({ sort: 'id', dir: 'desc' })).toEqual([a, b, c, d].map((x) => x.distributorId).sort((x, y) => y - x));
    await expect(admin.list({ sort: 'name' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('edits the profile and moves a distributor to another level', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount(db);
    const other = await createLevel(db, { feeBps: 1200 });
    const admin = callerAs(staff.identity).admin.distributors;
    await admin.updateProfile({ id: d.distributorId, name: '改名商城', contactName: '王五', phone: '13700000000' });
    await admin.changeLevel({ id: d.distributorId, levelId: other.id });
    expect(await admin.get({ id: d.distributorId })).toMatchObject({ name: '改名商城', contactName: '王五', levelId: other.id, feeBps: 1200 });
    await expect(admin.changeLevel({ id: d.distributorId, levelId: 999_999 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.updateProfile({ id: 999_999, name: 'x', contactName: '', phone: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const actions = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, String(d.distributorId)));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['distributor.update', 'distributor.level_change']));
  });

  it("tells the mall at once about every product repriced, gained or lost by a level change", async () => {
    const staff = await createStaff();
    const from = await createLevel(db, { feeBps: 800 });
    const to = await createLevel(db, { feeBps: 500 });
    const d = await createDistributorAccount(db, { levelId: from.id });
    const onlyFrom = await createProduct(db, { visibility: 'restricted', supplyPrice: 1000 });
    const onlyTo = await createProduct(db, { visibility: 'restricted', supplyPrice: 1000 });
    const everyone = await createProduct(db, { supplyPrice: 1000 });
    await db.insert(productLevelGrants).values([
      { productId: onlyFrom.id, levelId: from.id },
      { productId: onlyTo.id, levelId: to.id },
    ]);
    await callerAs(staff.identity).admin.distributors.changeLevel({ id: d.distributorId, levelId: to.id });
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.distributorId, d.distributorId));
    const byProduct = new Map(events.filter((e) => e.type === 'product.updated').map((e) => [(e.data as { id: number }).id, e.data]));
    expect(byProduct.get(onlyFrom.id)).toMatchObject({ status: 'unavailable' });
    expect(byProduct.get(onlyTo.id)).toMatchObject({ status: 'on_sale', serviceFeeBps: 500, agreedPrice: 1050 });
    // Offered before and after: still on sale, at the new level's price.
    expect(byProduct.get(everyone.id)).toMatchObject({ status: 'on_sale', serviceFeeBps: 500, agreedPrice: 1050 });
  });

  it('overrides the rate limits, and clearing the override goes back to the level', async () => {
    const staff = await createStaff();
    const level = await createLevel(db);
    const d = await createDistributorAccount(db, { levelId: level.id });
    const admin = callerAs(staff.identity).admin;
    await admin.levels.update({ id: level.id, name: level.name, feeBps: level.feeBps, rateLimitPerSecond: 20, rateLimitBurst: 40 });
    expect(await admin.distributors.binding({ id: d.distributorId })).toMatchObject({ rateLimitPerSecond: 20, rateLimitBurst: 40 });
    await admin.distributors.setRateLimits({ id: d.distributorId, rateLimitPerSecond: 200, rateLimitBurst: 400 });
    expect(await admin.distributors.binding({ id: d.distributorId })).toMatchObject({ rateLimitPerSecond: 200, rateLimitBurst: 400 });
    await admin.distributors.setRateLimits({ id: d.distributorId, rateLimitPerSecond: null, rateLimitBurst: null });
    expect(await admin.distributors.binding({ id: d.distributorId })).toMatchObject({ rateLimitPerSecond: 20, rateLimitBurst: 40 });
    await expect(admin.distributors.setRateLimits({ id: d.distributorId, rateLimitPerSecond: 0, rateLimitBurst: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('disabling refuses portal sign-in and ends open sessions; enabling lets it back', async () => {
    const staff = await createStaff();
    const d = await createDistributorAccount(db);
    const admin = callerAs(staff.identity).admin.distributors;
    const [user] = await db.select().from(users).where(eq(users.id, d.userId));
    const claims = { userId: user.id, sessionVersion: user.sessionVersion };
    expect(await resolveSession(db, claims)).not.toBeNull();

    await admin.setStatus({ id: d.distributorId, status: 'disabled' });
    expect(await resolveSession(db, claims)).toBeNull();
    await expect(verifySignIn(db, { username: d.username, password: TEST_PASSWORD, ip: '198.51.100.9' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await admin.setStatus({ id: d.distributorId, status: 'active' });
    expect(await resolveSession(db, claims)).not.toBeNull();
    await expect(verifySignIn(db, { username: d.username, password: TEST_PASSWORD, ip: '198.51.100.9' })).resolves.toMatchObject({ distributorId: d.distributorId });
  });
});

describe('the binding: callback URL and IP whitelist', () => {
  it('normalises addresses and ranges, and names the entries it cannot read', async () => {
    const d = await createDistributorAccount(db);
    const binding = callerAs(d.identity).distributor.binding;
    const saved = await binding.update({ callbackUrl: null, ipWhitelist: ['10.0.0.0/8', '::ffff:192.0.2.1', '2001:DB8::1', '10.0.0.0/8', ''] });
    expect(saved.ipWhitelist).toEqual(['10.0.0.0/8', '192.0.2.1', '2001:db8::1']);
    const error = await binding.update({ callbackUrl: null, ipWhitelist: ['10.0.0.1', '999.1.1.1', 'mall.example.com'] }).catch((e) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(error.cause).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'ipWhitelist', invalid: ['999.1.1.1', 'mall.example.com'] } });
    expect((await binding.get()).ipWhitelist).toEqual(['10.0.0.0/8', '192.0.2.1', '2001:db8::1']);
    // An empty list is allowed (the page warns that it admits nobody).
    expect((await binding.update({ callbackUrl: null, ipWhitelist: [] })).ipWhitelist).toEqual([]);
  });

  it('accepts an https callback URL and refuses plain http and private addresses here', async () => {
    const d = await createDistributorAccount(db);
    const binding = callerAs(d.identity).distributor.binding;
    expect((await binding.update({ callbackUrl: 'https://mall.example.com/cb', ipWhitelist: [] })).callbackUrl).toBe('https://mall.example.com/cb');
    for (const url of ['http://mall.example.com/cb', 'https://127.0.0.1/cb', 'https://user:pw@mall.example.com/', 'not a url']) {
      const error = await binding.update({ callbackUrl: url, ipWhitelist: [] }).catch((e) => e);
      expect(error.cause).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'callbackUrl' } });
    }
    expect((await binding.get()).callbackUrl).toBe('https://mall.example.com/cb');
    expect((await binding.update({ callbackUrl: '', ipWhitelist: [] })).callbackUrl).toBeNull();
  });
});
