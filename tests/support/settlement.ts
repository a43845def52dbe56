import { randomBytes } from 'node:crypto';
import type { Db } from '@/server/db/client';
import { orderItems, orders } from '@/server/db/schema';
import { recordEarnings } from '@/server/domain/settlement/earnings';
import type { createProduct } from './factories';

const receiver = { name: '张三', phone: '13800000000', province: '浙江', city: '杭州', district: '西湖', address: '1号' };

/** A completed order (at 10.50 per unit) whose items are the given products, as the order flow leaves it. */
export async function completedOrder(db: Db, distributorId: number, items: { product: Awaited<ReturnType<typeof createProduct>>; quantity: number; freight?: number }[], completedAt: Date) {
  const total = items.reduce((s, i) => s + 1050 * i.quantity + (i.freight ?? 0), 0);
  const goods = items.reduce((s, i) => s + 1050 * i.quantity, 0);
  const [order] = await db
    .insert(orders)
    .values({
      orderNo: `SO-${randomBytes(4).toString('hex')}`, distributorId, mallOrderNo: randomBytes(6).toString('hex'), requestHash: 'h',
      status: 'completed', goodsAmount: goods, freight: total - goods, totalAmount: total, receiver, expiresAt: completedAt, completedAt,
    })
    .returning();
  for (const i of items) {
    await db.insert(orderItems).values({
      orderId: order.id, productId: i.product.id, ownerSupplierId: i.product.ownerSupplierId, skuCode: i.product.skuCode, title: i.product.title,
      quantity: i.quantity, supplyPrice: 1000, feeBps: 500, unitPrice: 1050, amount: 1050 * i.quantity, freight: i.freight ?? 0, costPrice: i.product.costPrice,
    });
  }
  await db.transaction((tx) => recordEarnings(tx, order.id, completedAt));
  return order;
}

