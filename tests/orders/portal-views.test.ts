import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributors, orders, outboxEvents } from '@/server/db/schema';
import { deliverEvent } from '@/server/domain/events/delivery';
import { orderWorld, placeOrder, type OrderWorld } from './world';

/** What each portal shows of orders: lists and their filters, the order page, the timeline, the callback log. */

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('order lists and pages', () => {
  let w: OrderWorld;
  let mixed: string;
  let platformOnly: string;
  let unpaid: string;
  beforeAll(async () => {
    w = await orderWorld();
    mixed = (await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 1 }, { productId: w.productA.id, quantity: 2 }])).orderNo;
    platformOnly = (await placeOrder(w.db, w.distributorE.distributorId, [{ productId: w.platformProduct.id, quantity: 3 }])).orderNo;
    unpaid = (await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.productB.id, quantity: 1 }], { paid: false })).orderNo;
    await w.as.supplierA.supplier.orders.ship({ orderNo: mixed, carrier: '圆通', trackingNo: 'YT7770001' });
  });

  it('staff filter by status, day, product, order number, mall order number, distributor and what is theirs to ship; pages', async () => {
    const list = (input: Parameters<typeof w.as.staff.admin.orders.list>[0]) => w.as.staff.admin.orders.list(input).then((r) => r.rows.map((o) => o.orderNo).sort());
    expect(await list({})).toEqual([mixed, platformOnly, unpaid].sort());
    expect(await list({ status: 'pending_payment' })).toEqual([unpaid]);
    expect(await list({ from: today(), to: today() })).toHaveLength(3);
    expect(await list({ to: '2020-01-01' })).toEqual([]);
    expect(await list({ product: w.productA.skuCode })).toEqual([mixed]);
    expect(await list({ product: '蜂蜜' })).toEqual([unpaid]);
    expect(await list({ orderNo: platformOnly })).toEqual([platformOnly]);
    const [row] = await w.db.select({ mallOrderNo: orders.mallOrderNo }).from(orders).where(eq(orders.orderNo, mixed));
    expect(await list({ mallOrderNo: row.mallOrderNo })).toEqual([mixed]);
    expect(await list({ distributorId: w.distributorE.distributorId })).toEqual([platformOnly]);
    // Both still wait for the platform's package; the supplier-only order is not staff's to ship.
    expect(await list({ toShip: true })).toEqual([mixed, platformOnly].sort());
    expect(await w.as.staff.admin.orders.toShipCount()).toBe(2);
    const page = await w.as.staff.admin.orders.list({ pageSize: 2, page: 2 });
    expect({ total: page.total, rows: page.rows.length }).toEqual({ total: 3, rows: 1 });

    const [m] = (await w.as.staff.admin.orders.list({ orderNo: mixed })).rows;
    expect(m).toMatchObject({ status: 'paid', shipping: { packages: 2, shipped: 1 }, distributor: { code: w.distributorD.code }, totalAmount: 1050 + 2 * 2100 });
    expect(m.items.map((i) => i.owner)).toEqual([null, expect.stringContaining(w.supplierA.username)]);
  });

  it('sorts a list on the server, across pages: by amount either way, by time; a supplier only by time', async () => {
    const all = (await w.as.staff.admin.orders.list({ pageSize: 50 })).rows;
    const amount = new Map(all.map((o) => [o.orderNo, o.totalAmount]));
    const created = new Map(all.map((o) => [o.orderNo, o.createdAt.getTime()]));
    const twoPages = async (as: typeof w.as.staff, input: { sort?: 'createdAt' | 'totalAmount'; dir?: 'asc' | 'desc' }) => {
      const [first, second] = await Promise.all([1, 2].map((page) => as.admin.orders.list({ ...input, pageSize: 2, page })));
      return [...first.rows, ...second.rows].map((o) => o.orderNo);
    };
    // Equal amounts keep the order they were made in (ties go by id, in the same direction).
    const byAmount = [...amount.keys()].sort((a, b) => amount.get(b)! - amount.get(a)! || created.get(b)! - created.get(a)!);
    expect(new Set(amount.values()).size).toBeGreaterThan(1);
    expect(await twoPages(w.as.staff, { sort: 'totalAmount', dir: 'desc' })).toEqual(byAmount);
    expect(await twoPages(w.as.staff, { sort: 'totalAmount', dir: 'asc' })).toEqual([...byAmount].reverse());
    const newest = await twoPages(w.as.staff, {});
    expect(newest.map((no) => created.get(no)!)).toEqual([...created.values()].sort((a, b) => b - a));
    expect(await twoPages(w.as.staff, { sort: 'createdAt', dir: 'asc' })).toEqual([...newest].reverse());
    // The distributor's own orders by amount; the supplier is not shown order totals, so asks in vain.
    const own = await w.as.distributorD.distributor.orders.list({ sort: 'totalAmount', dir: 'asc' });
    expect(own.rows.map((o) => o.orderNo)).toEqual(byAmount.filter((no) => no !== platformOnly).reverse());
    const supplier = await w.as.supplierA.supplier.orders.list({ sort: 'totalAmount', dir: 'asc' });
    expect(supplier.rows.map((o) => o.orderNo)).toEqual([mixed]);
  });

  it('the staff page groups items by who ships them; staff ship the platform group and may refund only while nothing has left', async () => {
    const detail = await w.as.staff.admin.orders.get({ orderNo: mixed });
    expect(detail.groups.map((g) => [g.owner.kind, g.package?.trackingNo ?? null, g.package?.shippedBy ?? null])).toEqual([
      ['platform', null, null],
      ['supplier', 'YT7770001', w.supplierA.username],
    ]);
    expect(detail).toMatchObject({ canShip: true, canRefund: false, receiver: { name: '张三' } });
    expect((await w.as.staff.admin.orders.get({ orderNo: platformOnly })).canRefund).toBe(true);
    expect((await w.as.staff.admin.orders.get({ orderNo: unpaid })).canShip).toBe(false);
    const ship = detail.timeline.find((e) => e.action === 'order.ship')!;
    expect(ship).toMatchObject({ actor: { kind: 'supplier', name: w.supplierA.username }, detail: { carrier: '圆通', trackingNo: 'YT7770001', orderShipped: false } });
  });

  it('the supplier sees its items at its own price, the receiver to ship to, and only its package on the timeline', async () => {
    await w.as.staff.admin.orders.ship({ orderNo: mixed, carrier: '顺丰', trackingNo: 'SF7770002' });
    const [row] = (await w.as.supplierA.supplier.orders.list({ orderNo: mixed })).rows;
    expect(row).toMatchObject({ status: 'shipped', items: [{ skuCode: w.productA.skuCode, quantity: 2, supplyPrice: 1600 }], myPackage: { carrier: '圆通' }, receiver: { name: '张三', city: '杭州市' } });
    expect(row).not.toHaveProperty('totalAmount');
    expect(row).not.toHaveProperty('mallOrderNo');
    const detail = await w.as.supplierA.supplier.orders.get({ orderNo: mixed });
    expect(detail).toMatchObject({ receiver: { phone: '13800000000', address: '文三路 1 号' }, items: [{ amount: 3200 }], canShip: false });
    const text = JSON.stringify(detail);
    expect(text).not.toContain('SF7770002');
    expect(text).not.toContain(w.distributorD.code);
    expect(detail.timeline.map((e) => e.action)).not.toContain('callback');
    expect(detail.timeline.map((e) => e.action)).not.toContain('ledger');
    expect(detail.timeline.filter((e) => e.action === 'order.ship').map((e) => e.detail)).toEqual([
      { carrier: '圆通', trackingNo: 'YT7770001', orderShipped: false, own: true },
      { orderShipped: true, own: false },
    ]);
    expect((await w.as.supplierA.supplier.orders.list({ toShip: true })).total).toBe(0);
  });

  it('the distributor sees its money and packages, but not which supplier ships', async () => {
    const detail = await w.as.distributorD.distributor.orders.get({ orderNo: mixed });
    expect(detail.groups.map((g) => g.package?.carrier)).toEqual(['顺丰', '圆通']);
    expect(detail).toMatchObject({ totalAmount: 5250, canRefund: false, canOpenCase: true });
    expect(JSON.stringify(detail)).not.toContain(w.supplierA.username);
    const debit = detail.timeline.find((e) => e.action === 'ledger')!;
    expect(debit.detail).toMatchObject({ kind: 'order_debit', amount: -5250 });
    expect(detail.timeline.filter((e) => e.action === 'callback').map((e) => e.detail.type)).toEqual(['order.shipped', 'order.shipped']);
    const perDay = await w.as.distributorD.distributor.orders.perDay({ days: 7 });
    expect(perDay).toHaveLength(7);
    expect(perDay.at(-1)).toMatchObject({ day: today(), shipped: 1, pending_payment: 1 });
  });
});

describe('the callback log', () => {
  let w: OrderWorld;
  let receiver: http.Server;
  let answer = 500;
  beforeAll(async () => {
    process.env.ALLOW_PRIVATE_CALLBACK_URLS = 'true';
    w = await orderWorld();
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answer).end(answer === 200 ? 'ok' : 'mall down'));
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await w.db.update(distributors).set({ callbackUrl: url }).where(eq(distributors.id, w.distributorD.distributorId));
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
  });

  it('lists each event with its tries and the mall’s answers, filters by order and status, and resends', async () => {
    const order = await placeOrder(w.db, w.distributorD.distributorId, [{ productId: w.platformProduct.id, quantity: 1 }]);
    await w.as.staff.admin.orders.ship({ orderNo: order.orderNo, carrier: 'EMS', trackingNo: 'EMS7770001' });
    const [event] = await w.db.select().from(outboxEvents).where(sql`${outboxEvents.type} = 'order.shipped' AND ${outboxEvents.data}->>'orderNo' = ${order.orderNo}`);
    expect(await deliverEvent(w.db, event.id)).toBe('retrying');
    answer = 200;

    const listed = await w.as.distributorD.distributor.callbacks.list({ search: order.orderNo });
    expect(listed.rows).toEqual([expect.objectContaining({ eventId: event.eventId, type: 'order.shipped', deliveryStatus: 'pending', tries: 1, lastStatus: 500, orderNo: order.orderNo })]);
    expect((await w.as.staff.admin.callbacks.list({ status: 'pending', distributorId: w.distributorD.distributorId, type: 'order.' })).rows.map((r) => r.eventId)).toContain(event.eventId);
    expect((await w.as.staff.admin.callbacks.list({ status: 'delivered', search: event.eventId })).total).toBe(0);

    await w.as.distributorD.distributor.callbacks.resend({ eventId: event.eventId });
    const [job] = await w.db.execute<{ payload: { outboxEventId: number; trigger: string } }>(
      sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'deliver_callback' and j.payload->>'trigger' = 'distributor'`,
    );
    expect(job.payload).toEqual({ outboxEventId: event.id, trigger: 'distributor' });
    expect(await deliverEvent(w.db, event.id, 'distributor')).toBe('delivered');

    const tries = await w.as.staff.admin.callbacks.deliveries({ eventId: event.eventId });
    expect(tries.map((t) => [t.attempt, t.trigger, t.httpStatus, t.responseExcerpt])).toEqual([
      [2, 'distributor', 200, 'ok'],
      [1, 'auto', 500, 'mall down'],
    ]);
    const stats = await w.as.distributorD.distributor.callbacks.stats({ days: 3 });
    expect(stats.at(-1)!.delivered).toBeGreaterThanOrEqual(1);
  });
});
