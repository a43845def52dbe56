import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { products, users } from '@/server/db/schema';
import { seedDemoData } from '@/server/db/seed';
import { openCase } from '@/server/domain/after-sales/cases';
import { confirmReceipt } from '@/server/domain/orders/confirm-receipt';
import { createOrder } from '@/server/domain/orders/create';
import { payOrder } from '@/server/domain/orders/pay';
import { shipPackage } from '@/server/domain/orders/ship';
import { generateBill } from '@/server/domain/settlement/bills';
import { requestTopup } from '@/server/domain/wallet/topup-requests';
import { RECEIVER } from '../open-api/support';

/** Today as a calendar day in Asia/Shanghai, the hub's business time zone. */
export const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/**
 * The demo data, plus one record of every kind a portal page opens, made through the
 * domain verbs as the portals and the mall would: distributor1's mall orders a platform
 * product and one of supplier1's and pays; both packages ship; the mall confirms receipt;
 * staff bill supplier1; distributor1 records an after-sales case on it and applies for a
 * top-up. A second order stays unpaid.
 */
export async function walkWorld(db: Db) {
  const creds = await seedDemoData(db, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'walk-seed-')), log: () => {} });
  const byName = async (username: string) => (await db.select().from(users).where(eq(users.username, username)))[0];
  const [admin, supplier1, distributor1] = await Promise.all([byName('admin'), byName('supplier1'), byName('distributor1')]);
  const staff = { db, actor: { kind: 'staff' as const, userId: admin.id } };
  const supplier = { db, actor: { kind: 'supplier' as const, userId: supplier1.id, supplierId: supplier1.supplierId! } };
  const distributor = { db, actor: { kind: 'distributor' as const, userId: distributor1.id, distributorId: distributor1.distributorId! } };
  const mall = { db, actor: { kind: 'mall' as const, distributorId: distributor1.distributorId! } };

  const supplierProducts = await db
    .select({ id: products.id, skuCode: products.skuCode, status: products.status })
    .from(products)
    .where(and(eq(products.ownerSupplierId, supplier1.supplierId!), isNotNull(products.supplyPrice)))
    .orderBy(asc(products.id));
  const theirs = supplierProducts.find((p) => p.status === 'on_sale')!;
  const [pending] = await db.select({ id: products.id }).from(products).where(and(eq(products.ownerSupplierId, supplier1.supplierId!), eq(products.status, 'pending_review')));

  const { order } = await createOrder(mall, {
    mallOrderNo: 'WALK-0001',
    items: [
      { skuCode: 'DEMO-A', quantity: 2 },
      { skuCode: theirs.skuCode, quantity: 1 },
    ],
    receiver: RECEIVER,
    remark: '',
  });
  await payOrder(mall, { orderNo: order.orderNo });
  await shipPackage(staff, { orderNo: order.orderNo, carrier: '顺丰', trackingNo: 'SF1000000001' });
  await shipPackage(supplier, { orderNo: order.orderNo, carrier: '中通', trackingNo: 'ZT2000000002' });
  await confirmReceipt(mall, { orderNo: order.orderNo });
  const today = shanghaiToday();
  const bill = await generateBill(staff, { supplierId: supplier1.supplierId!, periodStart: today, periodEnd: today });
  const afterSales = await openCase(distributor, { orderNo: order.orderNo, type: 'return', reason: '包装破损', resolution: '' });
  await createOrder(mall, { mallOrderNo: 'WALK-0002', items: [{ skuCode: 'DEMO-A', quantity: 2 }], receiver: RECEIVER, remark: '' });
  await requestTopup(distributor, { amount: 50_000, paymentMethod: 'bank_transfer', paymentReference: 'BANK-20260101-001', proofImage: null, note: '' });

  return {
    creds,
    login: (username: string) => creds.logins.find((l) => l.username === username)!,
    ids: {
      orderNo: order.orderNo,
      billId: bill.id,
      caseId: afterSales.id,
      supplierId: supplier1.supplierId!,
      distributorId: distributor1.distributorId!,
      supplierProductId: theirs.id,
      pendingProductId: pending.id,
    },
  };
}
