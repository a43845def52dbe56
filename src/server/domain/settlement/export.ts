import { and, asc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { sumFen } from '@/lib/money';
import { billLines, supplierBills, supplierEarnings } from '@/server/db/schema';
import { type Cell, type ExportColumn, type ExportDocument, fixedSheet } from '@/server/exports/document';
import { dayStartAt } from '../calendar';
import { exportTexts, todayStamp, type ExportLocale, type ExportTexts } from '../exports/texts';
import { keysetBatches } from '../paging';
import { getBill } from './bills';
import { earningsQuery, earningsWhere, ownEarnings, type SettlementCtx } from './earnings-view';
import type { billExportInput, billsExportInput, earningsExportInput } from './schemas';
import { chinaDay } from '@/lib/china-time';

type EarningRow = Awaited<ReturnType<ReturnType<typeof earningsQuery>['execute']>>[number];

/** A bill's period is stored as [start, next midnight): people read its last day. */
const lastDayOf = (periodEnd: Date) => new Date(periodEnd.getTime() - 1000);

/** The columns of an earning line: the item, what it earned, when. */
function lineColumns(t: ExportTexts): ExportColumn[] {
  const c = t.columns;
  return [
    { header: c.orderNo, type: 'text', width: 22 },
    { header: c.sku, type: 'text' },
    { header: c.product, type: 'text', width: 30 },
    { header: c.quantity, type: 'integer' },
    { header: c.supplyUnit, type: 'money' },
    { header: c.supplyAmount, type: 'money' },
    { header: c.freight, type: 'money' },
    { header: c.lineTotal, type: 'money' },
    { header: c.earnedAt, type: 'datetime' },
  ];
}
const lineCells = (r: EarningRow): Cell[] => [r.orderNo, r.skuCode, r.title, r.quantity, r.unitPrice, r.amount, r.freight, sumFen([r.amount, r.freight]), r.earnedAt];

/** The columns of the bill a line is on (blank while it is on none). */
function billColumns(t: ExportTexts): ExportColumn[] {
  const c = t.columns;
  return [
    { header: c.billNo, type: 'text', width: 22 },
    { header: c.periodStart, type: 'text', width: 12 },
    { header: c.periodEnd, type: 'text', width: 12 },
    { header: c.billStatus, type: 'text' },
    { header: c.billPaidAt, type: 'text', width: 12 },
    { header: c.billReference, type: 'text', width: 24 },
  ];
}
const billCells = (t: ExportTexts, r: EarningRow): Cell[] =>
  r.billNo === null
    ? [null, null, null, null, null, null]
    : [r.billNo, chinaDay(r.periodStart!), chinaDay(lastDayOf(r.periodEnd!)), t.billStatus[r.billStatus!], r.paidAt ? chinaDay(r.paidAt) : null, r.paidReference];

const supplierColumn = (ctx: SettlementCtx, t: ExportTexts): ExportColumn[] => (ctx.actor.kind === 'staff' ? [{ header: t.columns.supplier, type: 'text', width: 20 }] : []);
const supplierCell = (ctx: SettlementCtx, r: EarningRow): Cell[] => (ctx.actor.kind === 'staff' ? [r.supplierName] : []);

/** Every earning of the filters, oldest first, with where it stands and the bill it is on. */
export function earningsExport(ctx: SettlementCtx, input: z.output<typeof earningsExportInput>, locale: ExportLocale): ExportDocument {
  const t = exportTexts(locale);
  const where = earningsWhere(ctx, input);
  const rows = keysetBatches((afterId, limit) => earningsQuery(ctx, and(where, gt(supplierEarnings.id, afterId))).orderBy(asc(supplierEarnings.id)).limit(limit));
  return {
    filename: `earnings-${todayStamp()}`,
    sheets: [
      {
        name: t.sheets.earnings,
        columns: [...supplierColumn(ctx, t), ...lineColumns(t), { header: t.columns.settlement, type: 'text' }, ...billColumns(t)],
        batches: (async function* () {
          for await (const batch of rows) yield batch.map((r) => [...supplierCell(ctx, r), ...lineCells(r), t.settlement[r.state], ...billCells(t, r)]);
        })(),
      },
    ],
  };
}

/** Every line of the bills of the filters, bill by bill, each with its bill's number, period and payment. */
export function billsExport(ctx: SettlementCtx, input: z.output<typeof billsExportInput>, locale: ExportLocale): ExportDocument {
  const t = exportTexts(locale);
  const where = and(
    ownEarnings(ctx, input.supplierId),
    isNotNull(billLines.id),
    input.status ? eq(supplierBills.status, input.status) : undefined,
    input.from ? sql`${supplierBills.periodEnd} > ${dayStartAt(input.from)}` : undefined,
    input.to ? sql`${supplierBills.periodStart} < ${dayStartAt(input.to, 1)}` : undefined,
  );
  // Lines are written bill by bill (one insert per bill), so their ids keep each bill together.
  const rows = keysetBatches(async (afterId, limit) => {
    const got = await earningsQuery(ctx, and(where, gt(billLines.id, afterId))).orderBy(asc(billLines.id)).limit(limit);
    return got.map((r) => ({ ...r, id: r.lineId! }));
  });
  return {
    filename: `bills-${todayStamp()}`,
    sheets: [
      {
        name: t.sheets.bills,
        columns: [...supplierColumn(ctx, t), ...billColumns(t), { header: t.columns.billTotal, type: 'money' }, ...lineColumns(t)],
        batches: (async function* () {
          for await (const batch of rows) yield batch.map((r) => [...supplierCell(ctx, r), ...billCells(t, r), r.billTotal, ...lineCells(r)]);
        })(),
      },
    ],
  };
}

/**
 * One bill to download: its header, then its lines. Another supplier's bill is NOT_FOUND
 * (getBill decides), before a byte is written.
 */
export async function billExport(ctx: SettlementCtx, input: z.output<typeof billExportInput>, locale: ExportLocale): Promise<ExportDocument> {
  const bill = await getBill(ctx, input);
  const t = exportTexts(locale);
  const c = t.columns;
  const lines = await earningsQuery(ctx, and(ownEarnings(ctx), eq(billLines.billId, bill.id))).orderBy(asc(billLines.id));
  return {
    filename: bill.billNo,
    sheets: [
      fixedSheet(
        t.sheets.bill,
        [
          { header: c.billNo, type: 'text', width: 22 },
          { header: c.supplier, type: 'text', width: 20 },
          { header: c.periodStart, type: 'text', width: 12 },
          { header: c.periodEnd, type: 'text', width: 12 },
          { header: c.billTotal, type: 'money' },
          { header: c.billStatus, type: 'text' },
          { header: c.billPaidAt, type: 'text', width: 12 },
          { header: c.billReference, type: 'text', width: 24 },
        ],
        [
          [
            bill.billNo,
            bill.supplierName,
            chinaDay(bill.periodStart),
            chinaDay(lastDayOf(bill.periodEnd)),
            bill.totalAmount,
            t.billStatus[bill.status],
            bill.paidAt ? chinaDay(bill.paidAt) : null,
            bill.paidReference,
          ],
        ],
      ),
      fixedSheet(t.sheets.billLines, lineColumns(t), lines.map(lineCells)),
    ],
  };
}
