import { describe, expect, it } from 'vitest';
import { listEarnings } from '@/server/domain/settlement/earnings-view';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { completedOrder } from '@tests/support/settlement';
import { callerAs } from '@tests/support/trpc';

describe("a supplier's settlement statement", () => {
  it('shows pending, billed and paid earnings that add up to everything earned, and only its own', async () => {
    const db = testDb();
    const staff = await createStaff(db);
    const a = await createSupplierAccount(db);
    const b = await createSupplierAccount(db);
    const d = await createDistributorAccount(db);
    const pa = await createProduct(db, { ownerSupplierId: a.supplierId, costPrice: 8000 });
    const pb = await createProduct(db, { ownerSupplierId: b.supplierId, costPrice: 100 });
    await completedOrder(db, d.distributorId, [{ product: pa, quantity: 1 }], new Date('2026-09-10T04:00:00Z')); // billed, paid
    await completedOrder(db, d.distributorId, [{ product: pa, quantity: 2, freight: 300 }], new Date('2026-10-10T04:00:00Z')); // billed, unpaid
    await completedOrder(db, d.distributorId, [{ product: pa, quantity: 3 }], new Date('2026-11-10T04:00:00Z')); // pending
    await completedOrder(db, d.distributorId, [{ product: pb, quantity: 5 }], new Date('2026-11-10T04:00:00Z'));
    const admin = callerAs(staff.identity).admin.bills;
    const september = await admin.generate({ supplierId: a.supplierId, periodStart: '2026-09-01', periodEnd: '2026-09-30' });
    await admin.markPaid({ billId: september.id, paidAt: '2026-10-08', reference: 'REF-SEPT' });
    const october = await admin.generate({ supplierId: a.supplierId, periodStart: '2026-10-01', periodEnd: '2026-10-31' });

    const own = callerAs(a.identity).supplier.bills;
    expect(await own.statement()).toEqual({
      unbilled: { lines: 1, amount: 24_000 },
      billed: { lines: 1, amount: 16_300 },
      paid: { lines: 1, amount: 8_000 },
    });
    const all = await own.earnings({});
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => [r.state, r.billNo, r.paidReference])).toEqual([
      ['unbilled', null, null],
      ['billed', october.billNo, null],
      ['paid', september.billNo, 'REF-SEPT'],
    ]);
    expect((await own.earnings({ state: 'billed' })).rows.map((r) => r.amount + r.freight)).toEqual([16_300]);

    // B sees its own only, whatever it asks for; staff see both, or one.
    const theirs = callerAs(b.identity).supplier.bills;
    expect(await theirs.statement()).toEqual({ unbilled: { lines: 1, amount: 500 }, billed: { lines: 0, amount: 0 }, paid: { lines: 0, amount: 0 } });
    const bRows = await listEarnings(b.ctx, { supplierId: a.supplierId, page: 1, pageSize: 20 }); // the verb ignores a supplier's choice
    expect(bRows.total).toBe(1);
    expect(bRows.rows.every((r) => r.supplierId === b.supplierId)).toBe(true);
    expect((await admin.statement({})).unbilled).toEqual({ lines: 2, amount: 24_500 });
    expect((await admin.statement({ supplierId: b.supplierId })).unbilled).toEqual({ lines: 1, amount: 500 });
    expect((await admin.earnings({ supplierId: a.supplierId, state: 'paid' })).rows.map((r) => r.billNo)).toEqual([september.billNo]);
    // The statement is for suppliers and staff only.
    await expect(callerAs(d.identity).supplier.bills.statement()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
