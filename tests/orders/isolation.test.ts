/**
 * A supplier or distributor asking for another's order, case or event through any
 * procedure of its portal gets NOT_FOUND, and nothing changes. (Every procedure, including any
 * new one, is also in the generated matrix: tests/security/tenant-matrix.test.ts.)
 */
import { TRPCError } from '@trpc/server';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterSalesCases, distributors, ledgerEntries, orders, outboxEvents, packages, products } from '@/server/db/schema';
import { orderWorld, placeOrder, type OrderWorld } from './world';

type Caller = OrderWorld['as']['staff'];

/** Everything a foreign call could change, read in one go. */
async function snapshot(w: OrderWorld) {
  const [o, p, c, l, e, jobs, stock] = await Promise.all([
    w.db.select().from(orders).orderBy(orders.id),
    w.db.select().from(packages).orderBy(packages.id),
    w.db.select().from(afterSalesCases).orderBy(afterSalesCases.id),
    w.db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries),
    w.db.select({ n: sql<number>`count(*)::int` }).from(outboxEvents),
    w.db.execute(sql`select count(*)::int as n from graphile_worker._private_jobs`),
    w.db.select({ id: products.id, stock: products.stock }).from(products).orderBy(products.id),
  ]);
  return { o, p, c, l, e, jobs, stock };
}

async function expectNotFound(call: () => Promise<unknown>, label: string) {
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, label).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code, label).toBe('NOT_FOUND');
}

describe('order isolation between tenants', () => {
  let w: OrderWorld;
  /** Orders of distributor E; the mixed one holds items of the platform and of both suppliers. */
  let theirs: { unshipped: string; shipped: string; mixed: string; onlyB: string; caseId: number; eventId: string };

  beforeAll(async () => {
    w = await orderWorld();
    const E = w.distributorE.distributorId;
    const unshipped = await placeOrder(w.db, E, [{ productId: w.productB.id, quantity: 1 }]);
    const shipped = await placeOrder(w.db, E, [{ productId: w.productB.id, quantity: 1 }]);
    await w.as.supplierB.supplier.orders.ship({ orderNo: shipped.orderNo, carrier: '顺丰', trackingNo: 'SFB0001' });
    const mixed = await placeOrder(w.db, E, [
      { productId: w.platformProduct.id, quantity: 1 },
      { productId: w.productA.id, quantity: 1 },
      { productId: w.productB.id, quantity: 1 },
    ]);
    const onlyB = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productB.id, quantity: 2 }]);
    const opened = await w.as.distributorE.distributor.afterSales.open({ orderNo: shipped.orderNo, type: 'return', reason: '尺码不合适' });
    const [event] = await w.db.select({ eventId: outboxEvents.eventId }).from(outboxEvents).where(eq(outboxEvents.distributorId, E)).limit(1);
    theirs = { unshipped: unshipped.orderNo, shipped: shipped.orderNo, mixed: mixed.orderNo, onlyB: onlyB.orderNo, caseId: opened.id, eventId: event.eventId };
  });

  describe('supplier A against supplier B', () => {
    const named: Record<string, (api: Caller, orderNo: string) => Promise<unknown>> = {
      get: (api, orderNo) => api.supplier.orders.get({ orderNo }),
      ship: (api, orderNo) => api.supplier.orders.ship({ orderNo, carrier: '圆通', trackingNo: 'YTA0001' }),
      correctTracking: (api, orderNo) => api.supplier.orders.correctTracking({ orderNo, carrier: '圆通', trackingNo: 'YTA0002' }),
    };

    for (const [name, call] of Object.entries(named)) {
      it(`${name}: an order without A's items is NOT_FOUND for A, and nothing changes`, async () => {
        for (const orderNo of [theirs.unshipped, theirs.shipped, theirs.onlyB, 'SO0000NOSUCH']) {
          const before = await snapshot(w);
          await expectNotFound(() => call(w.as.supplierA, orderNo), `${name} ${orderNo}`);
          expect(await snapshot(w)).toEqual(before);
        }
      });
    }

    it('shipMany: a row naming B’s order fails NOT_FOUND and ships nothing', async () => {
      const before = await snapshot(w);
      const [row] = await w.as.supplierA.supplier.orders.shipMany({ rows: [{ line: 2, orderNo: theirs.onlyB, carrier: '顺丰', trackingNo: 'SFA0001' }] });
      expect(row).toMatchObject({ outcome: 'failed', code: 'NOT_FOUND' });
      expect(await snapshot(w)).toEqual(before);
    });

    it('list, perDay and toShipCount: only orders with A’s items, and of those only A’s items', async () => {
      const list = await w.as.supplierA.supplier.orders.list({});
      expect(list.rows.map((r) => r.orderNo)).toEqual([theirs.mixed]);
      expect(list.rows[0].items.map((i) => i.skuCode)).toEqual([w.productA.skuCode]);
      expect(JSON.stringify(list)).not.toContain(w.distributorE.code);
      expect((await w.as.supplierA.supplier.orders.list({ orderNo: theirs.onlyB })).total).toBe(0);
      expect((await w.as.supplierA.supplier.orders.list({ product: w.productB.skuCode })).total).toBe(0);
      expect((await w.as.supplierA.supplier.orders.list({ product: w.productA.skuCode })).total).toBe(1);
      expect(await w.as.supplierA.supplier.orders.toShipCount()).toBe(1);
      const perDay = await w.as.supplierA.supplier.orders.perDay({ days: 2 });
      expect(perDay.reduce((n, d) => n + d.paid + d.shipped, 0)).toBe(1);
      // The mixed order's page shows A its own items and package only.
      const detail = await w.as.supplierA.supplier.orders.get({ orderNo: theirs.mixed });
      expect(detail.items.map((i) => i.skuCode)).toEqual([w.productA.skuCode]);
      expect(JSON.stringify(detail)).not.toContain(w.productB.skuCode);
      expect(JSON.stringify(detail)).not.toContain(w.platformProduct.skuCode);
    });
  });

  describe('distributor D against distributor E', () => {
    const orderCases: Record<string, (api: Caller, orderNo: string) => Promise<unknown>> = {
      get: (api, orderNo) => api.distributor.orders.get({ orderNo }),
      refund: (api, orderNo) => api.distributor.orders.refund({ orderNo, reason: '越权退款' }),
      simulateShipment: (api, orderNo) => api.distributor.orders.simulateShipment({ orderNo }),
    };
    const caseCases: Record<string, (api: Caller) => Promise<unknown>> = {
      get: (api) => api.distributor.afterSales.get({ caseId: theirs.caseId }),
      open: (api) => api.distributor.afterSales.open({ orderNo: theirs.shipped, type: 'refund', reason: '越权' }),
      close: (api) => api.distributor.afterSales.close({ caseId: theirs.caseId, resolution: '越权关闭' }),
    };
    const callbackCases: Record<string, (api: Caller) => Promise<unknown>> = {
      deliveries: (api) => api.distributor.callbacks.deliveries({ eventId: theirs.eventId }),
      resend: (api) => api.distributor.callbacks.resend({ eventId: theirs.eventId }),
    };

    it("callbacks.endpoint, enableEndpoint and resendFailed act on D's own endpoint, whatever the input names", async () => {
      const e = w.distributorE.distributorId;
      await w.db.update(distributors).set({ callbackDisabledAt: new Date(), callbackDisabledReason: 'gone' }).where(eq(distributors.id, e));
      expect((await w.as.distributorD.distributor.callbacks.endpoint()).code).toBe(w.distributorD.code);
      // An input naming E is refused; without one, D's own endpoint is the one enabled.
      await expect(w.as.distributorD.distributor.callbacks.enableEndpoint({ id: e } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await w.as.distributorD.distributor.callbacks.enableEndpoint({});
      const [stillDisabled] = await w.db.select().from(distributors).where(eq(distributors.id, e));
      expect(stillDisabled.callbackDisabledAt).not.toBeNull();
      // Naming E is refused; D has no callback URL: its own resend is refused, and nothing of E's is queued.
      await expect(w.as.distributorD.distributor.callbacks.resendFailed({ since: new Date(0), distributorId: e } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(w.as.distributorD.distributor.callbacks.resendFailed({ since: new Date(0) })).rejects.toThrow(/No callback URL is set/);
      await w.db.update(distributors).set({ callbackDisabledAt: null, callbackDisabledReason: null }).where(eq(distributors.id, e));
    });

    for (const [name, call] of Object.entries(orderCases)) {
      it(`orders.${name}: E's orders are NOT_FOUND for D, and nothing changes`, async () => {
        for (const orderNo of [theirs.unshipped, theirs.shipped, theirs.mixed]) {
          const before = await snapshot(w);
          await expectNotFound(() => call(w.as.distributorD, orderNo), `${name} ${orderNo}`);
          expect(await snapshot(w)).toEqual(before);
        }
      });
    }
    for (const [name, call] of Object.entries(caseCases)) {
      it(`afterSales.${name}: E's case and order are NOT_FOUND for D, and nothing changes`, async () => {
        const before = await snapshot(w);
        await expectNotFound(() => call(w.as.distributorD), name);
        expect(await snapshot(w)).toEqual(before);
      });
    }
    for (const [name, call] of Object.entries(callbackCases)) {
      it(`callbacks.${name}: E's event is NOT_FOUND for D, and nothing is queued`, async () => {
        const before = await snapshot(w);
        await expectNotFound(() => call(w.as.distributorD), name);
        expect(await snapshot(w)).toEqual(before);
      });
    }

    it('lists show D its own only, whatever the filter', async () => {
      const orders = await w.as.distributorD.distributor.orders.list({});
      expect(orders.rows.map((r) => r.orderNo)).toEqual([theirs.onlyB]);
      expect((await w.as.distributorD.distributor.orders.list({ orderNo: theirs.mixed })).total).toBe(0);
      const perDay = await w.as.distributorD.distributor.orders.perDay({ days: 2 });
      expect(perDay.reduce((n, d) => n + Object.entries(d).reduce((m, [k, v]) => (k === 'day' ? m : m + Number(v)), 0), 0)).toBe(1);
      expect((await w.as.distributorD.distributor.afterSales.list({})).total).toBe(0);
      const events = await w.as.distributorD.distributor.callbacks.list({ pageSize: 200 });
      expect(events.rows.length).toBeGreaterThan(0);
      expect(events.rows.map((r) => r.distributorCode)).toEqual(events.rows.map(() => w.distributorD.code));
      expect((await w.as.distributorD.distributor.callbacks.list({ search: theirs.eventId })).total).toBe(0);
      expect((await w.as.distributorD.distributor.callbacks.list({ search: theirs.mixed })).total).toBe(0);
      const stats = await w.as.distributorD.distributor.callbacks.stats({ days: 2 });
      const mine = stats.reduce((n, d) => n + d.pending + d.delivered + d.failed, 0);
      expect(mine).toBe(events.total);
    });
  });

  it('suppliers and distributors cannot reach the staff procedures at all', async () => {
    await expect(w.as.supplierA.admin.orders.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.as.distributorD.admin.orders.refund({ orderNo: theirs.unshipped, reason: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.as.distributorD.admin.afterSales.adjust({ caseId: theirs.caseId, direction: 'up', amount: 100, reason: 'x', requestKey: crypto.randomUUID() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.as.supplierA.admin.callbacks.resend({ eventId: theirs.eventId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.as.supplierA.distributor.orders.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.as.distributorD.supplier.orders.ship({ orderNo: theirs.onlyB, carrier: '顺丰', trackingNo: 'SFX0001' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
