import { and, gt } from 'drizzle-orm';
import type { z } from 'zod';
import { ledgerEntries } from '@/server/db/schema';
import type { ExportDocument } from '@/server/exports/document';
import type { StaffOrDistributorCtx } from '../distributors/scope';
import { exportTexts, todayStamp, type ExportLocale } from '../exports/texts';
import { keysetBatches } from '../paging';
import type { ledgerExportInput } from './schemas';
import { ledgerQuery, ledgerWhere, presentLedgerRow } from './statement';

/**
 * The filtered ledger, oldest first, so each balance-after reads on from the row above.
 * A distributor gets its own entries whatever the filters say; staff also see whose
 * distributor and which of them made each entry.
 */
export function ledgerExport(ctx: StaffOrDistributorCtx, input: z.output<typeof ledgerExportInput>, locale: ExportLocale): ExportDocument {
  const t = exportTexts(locale);
  const c = t.columns;
  const staff = ctx.actor.kind === 'staff';
  const where = ledgerWhere(ctx, input);
  const batches = keysetBatches((afterId, limit) => ledgerQuery(ctx, and(where, gt(ledgerEntries.id, afterId)), 'oldest').limit(limit));
  return {
    filename: `ledger-${todayStamp()}`,
    sheets: [
      {
        name: t.sheets.ledger,
        columns: [
          { header: c.time, type: 'datetime' },
          ...(staff ? [{ header: c.distributorCode, type: 'text' as const }] : []),
          { header: c.kind, type: 'text' },
          { header: c.amount, type: 'money' },
          { header: c.balanceAfter, type: 'money' },
          { header: c.ref, type: 'text', width: 28 },
          { header: c.note, type: 'text', width: 30 },
          ...(staff ? [{ header: c.createdBy, type: 'text' as const }] : []),
        ],
        batches: (async function* () {
          for await (const rows of batches) {
            yield rows.map((raw) => {
              const r = presentLedgerRow(ctx, raw);
              return [r.createdAt, ...(staff ? [r.distributorCode] : []), t.ledgerKind[r.kind], r.amount, r.balanceAfter, r.ref, r.note, ...(staff ? [r.createdBy ?? ''] : [])];
            });
          }
        })(),
      },
    ],
  };
}
