import { and, asc, count, desc, eq, gt, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { containsPattern } from '@/server/db/like';
import { distributors, ledgerEntries, topupRequests, users, wallets } from '@/server/db/schema';
import { type StaffOrDistributorCtx, distributorFilter, targetDistributor } from '../distributors/scope';
import { notFound } from '../errors';
import { pageOf } from '../paging';
import type { balanceSeriesInput, ledgerFilter, ledgerListInput } from './schemas';
import { CHINA_TIME_ZONE } from '@/lib/china-time';

/** Days in the portals and exports are China's calendar days. */
export const BUSINESS_TIME_ZONE = CHINA_TIME_ZONE;

/** The balance now, and what is waiting in pending top-up applications. */
export async function getBalance(ctx: StaffOrDistributorCtx, input: { distributorId?: number } = {}) {
  const id = targetDistributor(ctx, input.distributorId);
  const [[row], [pending]] = await Promise.all([
    ctx.db.select({ balance: wallets.balance, updatedAt: wallets.updatedAt }).from(wallets).where(eq(wallets.distributorId, id)),
    ctx.db
      .select({ count: count(), amount: sql<string>`coalesce(sum(${topupRequests.amount}), 0)::text` })
      .from(topupRequests)
      .where(and(eq(topupRequests.distributorId, id), eq(topupRequests.status, 'pending'))),
  ]);
  if (!row) throw notFound('Wallet');
  return { ...row, currency: 'CNY' as const, pendingTopups: pending.count, pendingTopupAmount: Number(pending.amount) };
}

export function ledgerWhere(ctx: StaffOrDistributorCtx, f: z.output<typeof ledgerFilter>): SQL | undefined {
  const filters: SQL[] = [];
  const distributorId = distributorFilter(ctx, f.distributorId);
  if (distributorId !== undefined) filters.push(eq(ledgerEntries.distributorId, distributorId));
  if (f.kind) filters.push(eq(ledgerEntries.kind, f.kind));
  if (f.direction === 'credit') filters.push(gt(ledgerEntries.amount, 0));
  if (f.direction === 'debit') filters.push(lt(ledgerEntries.amount, 0));
  if (f.from) filters.push(sql`${ledgerEntries.createdAt} >= (${f.from}::date::timestamp AT TIME ZONE ${BUSINESS_TIME_ZONE})`);
  if (f.to) filters.push(sql`${ledgerEntries.createdAt} < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${BUSINESS_TIME_ZONE})`);
  if (f.search) {
    const like = containsPattern(f.search);
    filters.push(or(ilike(ledgerEntries.ref, like), ilike(ledgerEntries.note, like))!);
  }
  return filters.length ? and(...filters) : undefined;
}

/** The ledger's rows as people read them; newest first on the page, oldest first in an export. */
export function ledgerQuery(ctx: StaffOrDistributorCtx, where: SQL | undefined, order: 'newest' | 'oldest' = 'newest') {
  return ctx.db
    .select({
      id: ledgerEntries.id,
      distributorId: ledgerEntries.distributorId,
      distributorCode: distributors.code,
      kind: ledgerEntries.kind,
      amount: ledgerEntries.amount,
      balanceAfter: ledgerEntries.balanceAfter,
      ref: ledgerEntries.ref,
      note: ledgerEntries.note,
      createdBy: users.username,
      createdAt: ledgerEntries.createdAt,
    })
    .from(ledgerEntries)
    .innerJoin(distributors, eq(distributors.id, ledgerEntries.distributorId))
    .leftJoin(users, eq(users.id, ledgerEntries.createdByUserId))
    .where(where)
    .orderBy(order === 'newest' ? desc(ledgerEntries.id) : asc(ledgerEntries.id))
    .$dynamic();
}

/** Staff see which of them made an entry; a distributor sees the entry, not the person. */
export function presentLedgerRow<R extends { createdBy: string | null }>(ctx: StaffOrDistributorCtx, row: R): R {
  return ctx.actor.kind === 'staff' ? row : { ...row, createdBy: null };
}

/** The ledger, newest first, filtered and paged. */
export async function listLedger(ctx: StaffOrDistributorCtx, input: z.output<typeof ledgerListInput>) {
  const where = ledgerWhere(ctx, input);
  const page = await pageOf(ctx.db, input, ledgerQuery(ctx, where), ledgerEntries, where);
  return { ...page, rows: page.rows.map((r) => presentLedgerRow(ctx, r)) };
}

/**
 * The balance at the end of each of the last `days` days, with each day's credits and
 * debits. Because the balance is the sum of its entries, a day's closing balance is the
 * balance now minus everything posted after that day: one statement (one snapshot)
 * reads the wallet(s) and the recent entries together. Staff without a distributor
 * chosen get the total over every distributor.
 */
export async function balanceSeries(ctx: StaffOrDistributorCtx, input: z.output<typeof balanceSeriesInput>) {
  const distributorId = distributorFilter(ctx, input.distributorId);
  const onlyEntries = distributorId === undefined ? sql`` : sql`AND distributor_id = ${distributorId}`;
  const onlyWallets = distributorId === undefined ? sql`` : sql`WHERE distributor_id = ${distributorId}`;
  const rows = await ctx.db.execute<{ day: string; credits: string; debits: string; closing: string }>(sql`
    WITH bounds AS (
      SELECT (now() AT TIME ZONE ${BUSINESS_TIME_ZONE})::date AS today,
             (now() AT TIME ZONE ${BUSINESS_TIME_ZONE})::date - ${input.days - 1}::int AS first_day
    ), days AS (
      SELECT d::date AS day FROM bounds, generate_series(first_day, today, interval '1 day') AS d
    ), flows AS (
      SELECT (created_at AT TIME ZONE ${BUSINESS_TIME_ZONE})::date AS day,
             coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS credits,
             coalesce(sum(amount) FILTER (WHERE amount < 0), 0) AS debits
      FROM ledger_entries, bounds
      WHERE created_at >= (first_day::timestamp AT TIME ZONE ${BUSINESS_TIME_ZONE}) ${onlyEntries}
      GROUP BY 1
    ), daily AS (
      SELECT days.day, coalesce(f.credits, 0) AS credits, coalesce(f.debits, 0) AS debits
      FROM days LEFT JOIN flows f USING (day)
    )
    SELECT to_char(day, 'YYYY-MM-DD') AS day,
           credits::text, debits::text,
           ((SELECT coalesce(sum(balance), 0) FROM wallets ${onlyWallets})
             - (sum(credits + debits) OVER () - sum(credits + debits) OVER (ORDER BY day)))::text AS closing
    FROM daily ORDER BY day`);
  return rows.map((r) => ({ day: r.day, credits: Number(r.credits), debits: Number(r.debits), balance: Number(r.closing) }));
}
