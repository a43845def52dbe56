import { describe, expect, it } from 'vitest';
import { testDb } from '@tests/support/db';
import { createStaff } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

describe('audit log', () => {
  it('lists who did what, newest first, filtered and paged', async () => {
    const staff = await createStaff(testDb());
    const admin = callerAs(staff.identity).admin;
    for (let i = 0; i < 5; i++) await admin.staff.create({ username: `audited${i}`, password: 'long-enough-pw' });
    const created = await admin.staff.list();
    await admin.staff.setStatus({ userId: created.find((u) => u.username === 'audited0')!.id, status: 'disabled' });

    const first = await admin.audit.list({ action: 'user.', limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.items[0].action).toBe('user.disable');
    expect(first.items[0].actorUsername).toBe(staff.username);
    expect(first.nextCursor).not.toBeNull();
    // As the page's infinite query asks: tRPC adds the direction TanStack Query fetches in.
    const second = await admin.audit.list({ action: 'user.', limit: 4, cursor: first.nextCursor!, direction: 'forward' });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const disables = await admin.audit.list({ action: 'user.disable', limit: 50 });
    expect(disables.items).toHaveLength(1);
    // LIKE wildcards in the filter are taken literally.
    expect((await admin.audit.list({ action: '%', limit: 50 })).items).toHaveLength(0);
  });
});
