import { describe, expect, it } from 'vitest';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const db = testDb();

describe('distributor levels', () => {
  it('creates, edits and lists levels with how many distributors each has', async () => {
    const staff = await createStaff(db);
    const levels = callerAs(staff.identity).admin.levels;
    const gold = await levels.create({ name: '金牌分销商', feeBps: 300, rateLimitPerSecond: 80, rateLimitBurst: 160 });
    await createDistributorAccount(db, { levelId: gold.id });
    await levels.update({ id: gold.id, name: '金牌分销商', feeBps: 250, rateLimitPerSecond: 80, rateLimitBurst: 160 });
    const listed = (await levels.list()).find((l) => l.id === gold.id);
    expect(listed).toMatchObject({ name: '金牌分销商', feeBps: 250, rateLimitPerSecond: 80, rateLimitBurst: 160, distributorCount: 1 });
  });

  it('refuses a taken name, a negative rate, and deleting a level still in use', async () => {
    const staff = await createStaff(db);
    const levels = callerAs(staff.identity).admin.levels;
    const a = await levels.create({ name: '甲级', feeBps: 100 });
    const b = await levels.create({ name: '乙级', feeBps: 200 });
    await expect(levels.create({ name: '甲级', feeBps: 100 })).rejects.toMatchObject({ code: 'CONFLICT', cause: { details: { field: 'name' } } });
    await expect(levels.update({ id: b.id, name: '甲级', feeBps: 200, rateLimitPerSecond: 50, rateLimitBurst: 100 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(levels.create({ name: '丙级', feeBps: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await createDistributorAccount(db, { levelId: a.id });
    await expect(levels.delete({ id: a.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await levels.delete({ id: b.id });
    expect((await levels.list()).map((l) => l.id)).not.toContain(b.id);
    await expect(levels.delete({ id: b.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is staff-only', async () => {
    const d = await createDistributorAccount(db);
    await expect(callerAs(d.identity).admin.levels.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(null).admin.levels.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
