import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { distributors } from '@/server/db/schema';
import { type ExportDocument, fixedSheet } from '@/server/exports/document';
import { type StaffOrDistributorCtx, targetDistributor } from '../distributors/scope';
import { notFound } from '../errors';
import { exportTexts, type ExportLocale } from '../exports/texts';
import { ledgerExport } from './ledger-export';
import type { ownStatementsInput, statementExportInput, statementsInput } from './schemas';
import { BUSINESS_TIME_ZONE } from './statement';

const TZ = sql.raw(`'${BUSINESS_TIME_ZONE}'`);

export type MonthlyStatement = {
  month: string;
  opening: number;
  topups: number;
  /** Signed like the ledger: debits are negative, refunds positive, adjustments either. */
  debits: number;
  refunds: number;
  adjustments: number;
  closing: number;
};

/**
 * 月度对账单: for each month (China's calendar), the balance at its start, what moved by
 * kind, and the balance at its end; closing = opening + top-ups + debits + refunds +
 * adjustments, and each month opens where the one before closed. Computed from the ledger
 * alone, in one statement (one snapshot): the balance before the first month is the sum of
 * every earlier entry, so the statement agrees with the wallet because the wallet is the sum
 * of its entries (`npm run check` proves that).
 */
export async function monthlyStatements(ctx: StaffOrDistributorCtx, input: z.output<typeof ownStatementsInput> & Partial<Pick<z.output<typeof statementsInput>, 'distributorId'>>): Promise<MonthlyStatement[]> {
  const distributorId = targetDistributor(ctx, input.distributorId);
  const rows = await ctx.db.execute<Record<keyof MonthlyStatement, string>>(sql`
    WITH bounds AS (
      SELECT (${input.from} || '-01')::date AS first, (${input.to} || '-01')::date AS last
    ), months AS (
      SELECT m::date AS m FROM bounds, generate_series(first, last, interval '1 month') AS m
    ), before AS (
      SELECT coalesce(sum(amount), 0) AS total FROM ledger_entries, bounds
      WHERE distributor_id = ${distributorId} AND created_at < (first::timestamp AT TIME ZONE ${TZ})
    ), flows AS (
      SELECT date_trunc('month', created_at AT TIME ZONE ${TZ})::date AS m,
             coalesce(sum(amount) FILTER (WHERE kind = 'topup'), 0) AS topups,
             coalesce(sum(amount) FILTER (WHERE kind = 'order_debit'), 0) AS debits,
             coalesce(sum(amount) FILTER (WHERE kind = 'refund_credit'), 0) AS refunds,
             coalesce(sum(amount) FILTER (WHERE kind = 'adjustment'), 0) AS adjustments,
             sum(amount) AS net
      FROM ledger_entries, bounds
      WHERE distributor_id = ${distributorId}
        AND created_at >= (first::timestamp AT TIME ZONE ${TZ})
        AND created_at < ((last + interval '1 month')::timestamp AT TIME ZONE ${TZ})
      GROUP BY 1
    )
    SELECT to_char(m, 'YYYY-MM') AS month,
           (before.total + coalesce(sum(coalesce(net, 0)) OVER (ORDER BY m ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))::text AS opening,
           coalesce(topups, 0)::text AS topups, coalesce(debits, 0)::text AS debits,
           coalesce(refunds, 0)::text AS refunds, coalesce(adjustments, 0)::text AS adjustments,
           (before.total + sum(coalesce(net, 0)) OVER (ORDER BY m))::text AS closing
    FROM months LEFT JOIN flows USING (m), before
    ORDER BY m`);
  return rows.map((r) => ({
    month: r.month,
    opening: Number(r.opening),
    topups: Number(r.topups),
    debits: Number(r.debits),
    refunds: Number(r.refunds),
    adjustments: Number(r.adjustments),
    closing: Number(r.closing),
  }));
}

/** The first and last calendar day of a month. */
function daysOf(month: string) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** One month's statement to download: the summary, then the month's ledger entries. */
export async function statementExport(ctx: StaffOrDistributorCtx, input: z.output<typeof statementExportInput>, locale: ExportLocale): Promise<ExportDocument> {
  const distributorId = targetDistributor(ctx, input.distributorId);
  const [distributor] = await ctx.db.select({ code: distributors.code, name: distributors.name }).from(distributors).where(eq(distributors.id, distributorId));
  if (!distributor) throw notFound('Distributor');
  const [s] = await monthlyStatements(ctx, { distributorId, from: input.month, to: input.month });
  const t = exportTexts(locale);
  const w = t.statement;
  const entries = ledgerExport(ctx, { distributorId, ...daysOf(input.month) }, locale).sheets[0];
  return {
    filename: `statement-${distributor.code}-${input.month}`,
    sheets: [
      fixedSheet(
        t.sheets.statement,
        [
          { header: w.distributor, type: 'text', width: 24 },
          { header: w.month, type: 'text', width: 10 },
          { header: w.opening, type: 'money' },
          { header: w.topups, type: 'money' },
          { header: w.debits, type: 'money' },
          { header: w.refunds, type: 'money' },
          { header: w.adjustments, type: 'money' },
          { header: w.closing, type: 'money' },
        ],
        [[`${distributor.code} ${distributor.name}`, s.month, s.opening, s.topups, s.debits, s.refunds, s.adjustments, s.closing]],
      ),
      { ...entries, name: t.sheets.statementEntries },
    ],
  };
}
