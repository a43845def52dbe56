import { and, eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries } from '@/server/db/schema';
import { balanceOf, orderWorld, placeOrder, type OrderWorld } from './world';

describe('after-sales cases', () => {
  let w: OrderWorld;
  let shippedOrder: string;
  beforeAll(async () => {
    w = await orderWorld();
    const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 2 }]);
    await w.as.staff.admin.orders.ship({ orderNo: order.orderNo, carrier: '京东', trackingNo: 'JD0001' });
    shippedOrder = order.orderNo;
  });

  it('are recorded only once an order has shipped: before that, the order is refunded instead', async () => {
    const unshipped = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 1 }]);
    await expect(w.as.distributorD.distributor.afterSales.open({ orderNo: unshipped.orderNo, type: 'refund', reason: '未发货' })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { code: 'INVALID_STATE' },
    });
    await expect(w.as.distributorD.distributor.afterSales.open({ orderNo: shippedOrder, type: 'refund', reason: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('are opened and closed by the distributor; no balance moves; staff see them; each step is on the order’s timeline', async () => {
    const balance = await balanceOf(w.db, w.distributorD.distributorId);
    const opened = await w.as.distributorD.distributor.afterSales.open({ orderNo: shippedOrder, type: 'return', reason: '包装破损，买家要求退货' });
    expect(opened).toMatchObject({ status: 'open', type: 'return', orderNo: shippedOrder, resolution: '' });

    const staffList = await w.as.staff.admin.afterSales.list({ status: 'open' });
    expect(staffList.rows.map((c) => [c.id, c.distributorCode])).toContainEqual([opened.id, w.distributorD.code]);
    expect((await w.as.staff.admin.afterSales.list({ orderNo: shippedOrder })).total).toBe(1);
    expect((await w.as.staff.admin.afterSales.list({ type: 'exchange' })).total).toBe(0);

    const closed = await w.as.distributorD.distributor.afterSales.close({ caseId: opened.id, resolution: '买家退货，商城已退款 ¥21.00' });
    expect(closed).toMatchObject({ status: 'closed', resolution: '买家退货，商城已退款 ¥21.00' });
    expect(closed.closedAt).not.toBeNull();
    await expect(w.as.distributorD.distributor.afterSales.close({ caseId: opened.id, resolution: 'again' })).rejects.toMatchObject({ cause: { code: 'INVALID_STATE' } });
    expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(balance);

    const detail = await w.as.distributorD.distributor.orders.get({ orderNo: shippedOrder });
    expect(detail.cases.map((c) => c.id)).toContain(opened.id);
    const steps = detail.timeline.map((e) => e.action);
    expect(steps).toEqual(expect.arrayContaining(['order.create', 'order.pay', 'order.ship', 'after_sales.open', 'after_sales.close', 'ledger', 'callback']));
  });

  it('staff adjust the balance for a case, by hand, with a reason that names it; the case shows the adjustment', async () => {
    const opened = await w.as.distributorD.distributor.afterSales.open({ orderNo: shippedOrder, type: 'refund', reason: '商品少发一件' });
    const balance = await balanceOf(w.db, w.distributorD.distributorId);
    const requestKey = crypto.randomUUID();
    const posted = await w.as.staff.admin.afterSales.adjust({ caseId: opened.id, direction: 'up', amount: 1050, reason: '平台补偿少发商品', requestKey });
    expect(posted.applied).toBe(true);
    // The same submission again (a double click) posts nothing more.
    expect((await w.as.staff.admin.afterSales.adjust({ caseId: opened.id, direction: 'up', amount: 1050, reason: '平台补偿少发商品', requestKey })).applied).toBe(false);
    expect(await balanceOf(w.db, w.distributorD.distributorId)).toBe(balance + 1050);

    const [entry] = await w.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.kind, 'adjustment'), like(ledgerEntries.ref, `aftersales:${opened.id}:%`)));
    expect(entry).toMatchObject({ amount: 1050, createdByUserId: w.staff.userId, distributorId: w.distributorD.distributorId });
    expect(entry.note).toContain(`售后 #${opened.id}`);
    expect(entry.note).toContain(shippedOrder);

    for (const view of [await w.as.staff.admin.afterSales.get({ caseId: opened.id }), await w.as.distributorD.distributor.afterSales.get({ caseId: opened.id })]) {
      expect(view.adjustments).toEqual([expect.objectContaining({ amount: 1050, note: entry.note })]);
    }
    // The distributor sees the case, not which of the platform's people handled it.
    expect((await w.as.distributorD.distributor.afterSales.get({ caseId: opened.id })).createdBy).toBeNull();
    const timeline = (await w.as.staff.admin.orders.get({ orderNo: shippedOrder })).timeline;
    expect(timeline.filter((e) => e.action === 'ledger').map((e) => e.detail)).toContainEqual(expect.objectContaining({ kind: 'adjustment', amount: 1050, caseId: opened.id }));
    await expect(w.as.staff.admin.afterSales.adjust({ caseId: 999_999, direction: 'up', amount: 1, reason: 'x', requestKey: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
