import { and, asc, eq, gt } from 'drizzle-orm';
import type { z } from 'zod';
import { lineAmount } from '@/lib/money';
import { distributors, orderItems, orders, suppliers } from '@/server/db/schema';
import type { ExportColumn, ExportDocument } from '@/server/exports/document';
import { exportTexts, todayStamp, type ExportLocale } from '../exports/texts';
import { keysetBatches } from '../paging';
import { listFilters, type PortalCtx, visibleItems } from './list';
import type { orderExportInput } from './schemas';

/**
 * The orders of the list's filters, one row per item, in the order they were placed. Each
 * side sees what its list shows: staff the agreed price, the cost and the platform's margin
 * of every item; a distributor what it paid; a supplier only its own items, at its supply
 * price (what it earns), never the distributor nor what the distributor paid.
 */
export function orderExport(ctx: PortalCtx, input: z.output<typeof orderExportInput>, locale: ExportLocale): ExportDocument {
  const t = exportTexts(locale);
  const c = t.columns;
  const where = and(listFilters(ctx, input), visibleItems(ctx));
  const fetchRows = (afterId: number, limit: number) =>
    ctx.db
      .select({
        id: orderItems.id,
        item: orderItems,
        order: { orderNo: orders.orderNo, mallOrderNo: orders.mallOrderNo, status: orders.status, sandbox: orders.sandbox, createdAt: orders.createdAt, paidAt: orders.paidAt, completedAt: orders.completedAt, refundedAt: orders.refundedAt },
        distributorCode: distributors.code,
        distributorName: distributors.name,
        supplierName: suppliers.name,
      })
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .innerJoin(distributors, eq(distributors.id, orders.distributorId))
      .leftJoin(suppliers, eq(suppliers.id, orderItems.ownerSupplierId))
      .where(and(where, gt(orderItems.id, afterId)))
      .orderBy(asc(orderItems.id))
      .limit(limit);
  type Row = Awaited<ReturnType<typeof fetchRows>>[number];

  const head: ExportColumn[] = [
    { header: c.orderNo, type: 'text', width: 22 },
    ...(ctx.actor.kind !== 'supplier' ? [{ header: c.mallOrderNo, type: 'text' as const, width: 22 }] : []),
    ...(ctx.actor.kind === 'staff' ? [{ header: c.distributorCode, type: 'text' as const }, { header: c.distributorName, type: 'text' as const }] : []),
    { header: c.status, type: 'text' },
    { header: c.createdAt, type: 'datetime' },
    { header: c.paidAt, type: 'datetime' },
    { header: c.completedAt, type: 'datetime' },
    { header: c.refundedAt, type: 'datetime' },
    { header: c.sku, type: 'text' },
    { header: c.product, type: 'text', width: 30 },
  ];
  const headCells = (r: Row) => [
    r.order.orderNo,
    ...(ctx.actor.kind !== 'supplier' ? [r.order.mallOrderNo] : []),
    ...(ctx.actor.kind === 'staff' ? [r.distributorCode, r.distributorName] : []),
    // A test-mode order (never a supplier's) moved no live stock or money: its status says so.
    r.order.sandbox ? `${t.orderStatus[r.order.status]} (${t.orderSandbox})` : t.orderStatus[r.order.status],
    r.order.createdAt,
    r.order.paidAt,
    r.order.completedAt,
    r.order.refundedAt,
    r.item.skuCode,
    r.item.title,
  ];
  const side = (() => {
    switch (ctx.actor.kind) {
      case 'staff':
        return {
          columns: [
            { header: c.owner, type: 'text' },
            { header: c.quantity, type: 'integer' },
            { header: c.agreedUnit, type: 'money' },
            { header: c.agreedAmount, type: 'money' },
            { header: c.freight, type: 'money' },
            { header: c.costUnit, type: 'money' },
            { header: c.costAmount, type: 'money' },
            { header: c.margin, type: 'money' },
          ] satisfies ExportColumn[],
          cells: ({ item, supplierName }: Row) => [
            supplierName ?? t.platform,
            item.quantity,
            item.unitPrice,
            item.amount,
            item.freight,
            item.costPrice,
            lineAmount(item.costPrice, item.quantity),
            item.amount - lineAmount(item.costPrice, item.quantity),
          ],
        };
      case 'distributor':
        return {
          columns: [
            { header: c.quantity, type: 'integer' },
            { header: c.agreedUnit, type: 'money' },
            { header: c.agreedAmount, type: 'money' },
            { header: c.freight, type: 'money' },
          ] satisfies ExportColumn[],
          cells: ({ item }: Row) => [item.quantity, item.unitPrice, item.amount, item.freight],
        };
      case 'supplier':
        return {
          columns: [
            { header: c.quantity, type: 'integer' },
            { header: c.supplyUnit, type: 'money' },
            { header: c.supplyAmount, type: 'money' },
            { header: c.freight, type: 'money' },
          ] satisfies ExportColumn[],
          cells: ({ item }: Row) => [item.quantity, item.costPrice, lineAmount(item.costPrice, item.quantity), item.freight],
        };
    }
  })();
  return {
    filename: `orders-${todayStamp()}`,
    sheets: [
      {
        name: t.sheets.orders,
        columns: [...head, ...side.columns],
        batches: (async function* () {
          for await (const rows of keysetBatches(fetchRows)) yield rows.map((r) => [...headCells(r), ...side.cells(r)]);
        })(),
      },
    ],
  };
}
