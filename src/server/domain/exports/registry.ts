import { z } from 'zod';
import type { ExportDocument, ExportFormat } from '@/server/exports/document';
import { EXPORT_FORMATS } from '@/server/exports/document';
import type { Ctx, DistributorCtx, StaffCtx, SupplierCtx } from '../context';
import { invalidRequest, notFound } from '../errors';
import { orderExport } from '../orders/export';
import { orderExportInput } from '../orders/schemas';
import { billExport, billsExport, earningsExport } from '../settlement/export';
import { billExportInput, billsExportInput, earningsExportInput } from '../settlement/schemas';
import { ledgerExport } from '../wallet/ledger-export';
import { statementExport } from '../wallet/monthly-statement';
import { ledgerExportInput, statementExportInput } from '../wallet/schemas';
import type { ExportLocale } from './texts';

type PortalKind = 'staff' | 'supplier' | 'distributor';
type CtxOf<K extends PortalKind> = { staff: StaffCtx; supplier: SupplierCtx; distributor: DistributorCtx }[K];

type Dataset = {
  who: readonly PortalKind[];
  build(ctx: Ctx, params: Record<string, string>, locale: ExportLocale): ExportDocument | Promise<ExportDocument>;
};

/** A dataset: who may download it, its filters, and the verb that reads it (scoped by ctx.actor). */
function dataset<K extends PortalKind, S extends z.ZodType>(
  who: readonly K[],
  input: S,
  build: (ctx: CtxOf<K>, input: z.output<S>, locale: ExportLocale) => ExportDocument | Promise<ExportDocument>,
): Dataset {
  return {
    who,
    build(ctx, params, locale) {
      const parsed = input.safeParse(params);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw invalidRequest(`${issue.path.join('.') || 'filter'}: ${issue.message}`, { field: String(issue.path[0] ?? '') });
      }
      return build(ctx as CtxOf<K>, parsed.data, locale);
    },
  };
}

/**
 * Everything the portals can download, on both sides. Each verb filters by the caller's
 * own tenant (ctx.actor), never by the query string: a supplier's `supplierId` or a
 * distributor's `distributorId` parameter is ignored.
 */
export const EXPORTS = {
  ledger: dataset(['staff', 'distributor'], ledgerExportInput, ledgerExport),
  orders: dataset(['staff', 'distributor', 'supplier'], orderExportInput, orderExport),
  earnings: dataset(['staff', 'supplier'], earningsExportInput, earningsExport),
  bills: dataset(['staff', 'supplier'], billsExportInput, billsExport),
  bill: dataset(['staff', 'supplier'], billExportInput, billExport),
  statement: dataset(['staff', 'distributor'], statementExportInput, statementExport),
} satisfies Record<string, Dataset>;

export type ExportName = keyof typeof EXPORTS;

const formatInput = z.enum(EXPORT_FORMATS).default('csv');

/**
 * The document a caller asked for, checked before a byte is sent: an unknown export, or one
 * the caller's side does not have, is NOT_FOUND; bad filters are INVALID_REQUEST; so is a
 * record of another tenant (the verb's own NOT_FOUND).
 */
export async function prepareExport(ctx: Ctx, name: string, query: URLSearchParams, locale: ExportLocale): Promise<{ doc: ExportDocument; format: ExportFormat }> {
  const entry = Object.hasOwn(EXPORTS, name) ? EXPORTS[name as ExportName] : undefined;
  if (!entry || !(entry.who as readonly string[]).includes(ctx.actor.kind)) throw notFound('Export');
  const params: Record<string, string> = {};
  for (const [key, value] of query) if (value.trim() !== '' && key !== 'format') params[key] = value.trim();
  const format = formatInput.safeParse(query.get('format') ?? undefined);
  if (!format.success) throw invalidRequest('format: csv or xlsx', { field: 'format' });
  return { doc: await entry.build(ctx, params, locale), format: format.data };
}
