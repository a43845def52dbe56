import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { supplierEarnings } from '@/server/db/schema';
import { generateBill } from '@/server/domain/settlement/bills';
import { recordEarnings } from '@/server/domain/settlement/earnings';
import { racingDb, testDb } from '@tests/support/db';
import { createDistributorAccount, createProduct, createStaff, createSupplierAccount } from '@tests/support/factories';
import { completedOrder } from '@tests/support/settlement';
import { callerAs } from '@tests/support/trpc';

describe('supplier settlement', () => {
  it('earns suppliers their supply price × quantity + freight on completion, once; platform items earn no one', async () => {
    const db = testDb();
    const s = await createSupplierAccount(db);
    const d = await createDistributorAccount(db);
    const theirs = await createProduct(db, { ownerSupplierId: s.supplierId, costPrice: 800 });
    const platform = await createProduct(db, { costPrice: 500 });
    const order = await completedOrder(db, d.distributorId, [{ product: theirs, quantity: 3, freight: 200 }, { product: platform, quantity: 2 }], new Date());
    expect(await db.transaction((tx) => recordEarnings(tx, order.id, new Date()))).toBe(0); // again: nothing new
    const earned = await db.select().from(supplierEarnings).where(eq(supplierEarnings.supplierId, s.supplierId));
    expect(earned.map((e) => [e.amount, e.freight])).toEqual([[2400, 200]]);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(supplierEarnings);
    expect(n).toBe(1);
  });

  it('bills a supplier for a period from unbilled earnings, and staff mark it paid', async () => {
    const db = testDb();
    const staff = await createStaff(db);
    const s = await createSupplierAccount(db);
    const d = await createDistributorAccount(db);
    const p = await createProduct(db, { ownerSupplierId: s.supplierId, costPrice: 800 });
    await completedOrder(db, d.distributorId, [{ product: p, quantity: 1 }], new Date('2026-10-31T15:59:59Z')); // 10-31 23:59:59 in Shanghai
    await completedOrder(db, d.distributorId, [{ product: p, quantity: 2 }], new Date('2026-10-31T16:00:00Z')); // 11-01 00:00 in Shanghai
    const admin = callerAs(staff.identity).admin.bills;

    const unbilled = await admin.unbilled();
    expect(unbilled.find((u) => u.supplierId === s.supplierId)).toMatchObject({ lines: 2, amount: 2400 });

    const october = await admin.generate({ supplierId: s.supplierId, periodStart: '2026-10-01', periodEnd: '2026-10-31' });
    expect(october.totalAmount).toBe(800);
    await expect(admin.generate({ supplierId: s.supplierId, periodStart: '2026-10-01', periodEnd: '2026-10-31' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const november = await admin.generate({ supplierId: s.supplierId, periodStart: '2026-11-01', periodEnd: '2026-11-30' });
    expect(november.totalAmount).toBe(1600);

    const detail = await admin.get({ billId: november.id });
    expect(detail.lines.map((l) => [l.quantity, l.unitPrice, l.amount])).toEqual([[2, 800, 1600]]);

    await admin.markPaid({ billId: november.id, paidAt: '2026-12-05', reference: '银行流水 8812' });
    await expect(admin.markPaid({ billId: november.id, paidAt: '2026-12-06', reference: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const paid = await admin.get({ billId: november.id });
    expect(paid).toMatchObject({ status: 'paid', paidReference: '银行流水 8812' });
    expect((await admin.unbilled()).find((u) => u.supplierId === s.supplierId)).toBeUndefined();
  });

  it('lists bills newest first, or by period or total either way, across pages, for staff and the supplier alike', async () => {
    const db = testDb();
    const staff = await createStaff(db);
    const s = await createSupplierAccount(db);
    const d = await createDistributorAccount(db);
    const p = await createProduct(db, { ownerSupplierId: s.supplierId, costPrice: 800 });
    const inMonth = { '09': 3, '10': 1, '11': 2 } as const;
    for (const [month, quantity] of Object.entries(inMonth)) await completedOrder(db, d.distributorId, [{ product: p, quantity }], new Date(`2026-${month}-10T04:00:00Z`));
    const admin = callerAs(staff.identity).admin.bills;
    // Cut out of calendar order, so the order they were cut in is not the periods' order.
    const october = await admin.generate({ supplierId: s.supplierId, periodStart: '2026-10-01', periodEnd: '2026-10-31' });
    const november = await admin.generate({ supplierId: s.supplierId, periodStart: '2026-11-01', periodEnd: '2026-11-30' });
    const september = await admin.generate({ supplierId: s.supplierId, periodStart: '2026-09-01', periodEnd: '2026-09-30' });
    const staffIds = async (input: object) => (await admin.list({ supplierId: s.supplierId, ...input })).rows.map((b) => b.id);
    const ownIds = async (input: object) => (await callerAs(s.identity).supplier.bills.list(input)).rows.map((b) => b.id);

    expect(await staffIds({})).toEqual([september.id, november.id, october.id]);
    expect(await staffIds({ sort: 'periodStart', dir: 'asc' })).toEqual([september.id, october.id, november.id]);
    expect(await staffIds({ sort: 'totalAmount', dir: 'desc' })).toEqual([september.id, november.id, october.id]);
    expect(await staffIds({ sort: 'totalAmount', dir: 'asc', pageSize: 2, page: 2 })).toEqual([september.id]);
    expect(await ownIds({ sort: 'periodStart', dir: 'desc', pageSize: 2 })).toEqual([november.id, october.id]);
  });

  it('never bills an earning twice, even when two staff generate the same bill at once', async () => {
    const db = testDb();
    const staff = await createStaff(db);
    const s = await createSupplierAccount(db);
    const d = await createDistributorAccount(db);
    const p = await createProduct(db, { ownerSupplierId: s.supplierId, costPrice: 800 });
    for (let i = 0; i < 5; i++) await completedOrder(db, d.distributorId, [{ product: p, quantity: 1 }], new Date('2026-11-10T04:00:00Z'));
    const race = racingDb(6);
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => generateBill({ db: race, actor: staff.actor }, { supplierId: s.supplierId, periodStart: '2026-11-01', periodEnd: '2026-11-30' })),
      );
      const made = results.filter((r) => r.status === 'fulfilled');
      expect(made).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'INVALID_STATE' });
      const [{ lines }] = await db.execute<{ lines: number }>(
        sql`select count(*)::int as lines from bill_lines l join supplier_bills b on b.id = l.bill_id where b.supplier_id = ${s.supplierId}`,
      );
      expect(lines).toBe(5);
    } finally {
      await race.$client.end();
    }
  });

  it('shows a supplier its own bills only; another supplier gets NOT_FOUND', async () => {
    const db = testDb();
    const staff = await createStaff(db);
    const a = await createSupplierAccount(db);
    const b = await createSupplierAccount(db);
    const d = await createDistributorAccount(db);
    const pa = await createProduct(db, { ownerSupplierId: a.supplierId, costPrice: 800 });
    await completedOrder(db, d.distributorId, [{ product: pa, quantity: 1 }], new Date('2026-11-10T04:00:00Z'));
    const bill = await callerAs(staff.identity).admin.bills.generate({ supplierId: a.supplierId, periodStart: '2026-11-01', periodEnd: '2026-11-30' });

    const own = await callerAs(a.identity).supplier.bills.list({});
    expect(own.rows.map((x) => x.id)).toEqual([bill.id]);
    expect((await callerAs(a.identity).supplier.bills.get({ billId: bill.id })).lines).toHaveLength(1);
    expect((await callerAs(b.identity).supplier.bills.list({})).rows).toEqual([]);
    await expect(callerAs(b.identity).supplier.bills.get({ billId: bill.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Naming another supplier in the filter is refused: the session names the supplier.
    await expect(callerAs(b.identity).supplier.bills.list({ supplierId: a.supplierId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await callerAs(b.identity).supplier.bills.byMonth()).toEqual([]);
    expect((await callerAs(a.identity).supplier.bills.byMonth()).map((m) => [m.month, m.billed])).toEqual([['2026-11', 800]]);
  });
});
