import { and, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { distributors, topupRequests, users } from '@/server/db/schema';
import { assertStoredImages } from '@/server/storage/images';
import { publicUploadUrl } from '@/server/storage/urls';
import { recordAudit } from '../audit';
import type { DistributorCtx, StaffCtx } from '../context';
import { type StaffOrDistributorCtx, distributorFilter } from '../distributors/scope';
import { invalidState, notFound } from '../errors';
import { pageOf, sortedBy } from '../paging';
import { postLedgerEntry } from './ledger';
import type { rejectTopupInput, topupIdInput, topupListInput, topupRequestInput } from './schemas';

/**
 * Top-ups paid offline: the distributor applies with the payment's details, staff check
 * the money arrived and approve (the balance is credited) or reject (with a reason).
 */

/** The ledger reference of an approved request: (topup, this) is unique, so it credits once. */
export const topupRef = (requestId: number) => `topup:${requestId}`;

export async function requestTopup(ctx: DistributorCtx, input: z.output<typeof topupRequestInput>) {
  // The proof must be an image uploaded for this purpose and still stored, not any path.
  if (input.proofImage) await assertStoredImages([input.proofImage], 'topup-proof', 'proofImage');
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx
      .insert(topupRequests)
      .values({ ...input, distributorId: ctx.actor.distributorId, createdByUserId: ctx.actor.userId })
      .returning();
    await recordAudit({ ...ctx, db: tx }, { action: 'topup.request', entityType: 'topup_request', entityId: request.id, detail: { amount: input.amount } });
    return request;
  });
}

/**
 * Approves a pending request and credits its amount. The conditional UPDATE decides races:
 * of two approvals at the same instant, the second waits for the first's row lock, then
 * finds the request no longer pending and credits nothing. Approving an approved request
 * again answers with it (idempotent); a rejected one cannot be approved.
 */
export async function approveTopup(ctx: StaffCtx, input: z.output<typeof topupIdInput>) {
  return ctx.db.transaction(async (tx) => {
    const { closed: request, current } = await closePending(tx, eq(topupRequests.id, input.id), { status: 'approved', reviewedByUserId: ctx.actor.userId });
    if (!request) {
      if (current.status === 'approved') return { request: current, credited: false };
      throw invalidState(closedMessage(current.status), { status: current.status });
    }
    const posted = await postLedgerEntry(tx, {
      distributorId: request.distributorId,
      kind: 'topup',
      amount: request.amount,
      ref: topupRef(request.id),
      note: [request.paymentReference, request.note].filter(Boolean).join(' · '),
      createdByUserId: ctx.actor.userId,
    });
    await recordAudit(
      { ...ctx, db: tx },
      { action: 'topup.approve', entityType: 'topup_request', entityId: request.id, detail: { amount: request.amount, distributorId: request.distributorId, entryId: posted.entryId } },
    );
    return { request, credited: posted.applied, balanceAfter: posted.balanceAfter };
  });
}

/** Rejects a pending request with the reason the distributor will read; nothing is credited. */
export async function rejectTopup(ctx: StaffCtx, input: z.output<typeof rejectTopupInput>) {
  return ctx.db.transaction(async (tx) => {
    const { closed: request, current } = await closePending(tx, eq(topupRequests.id, input.id), {
      status: 'rejected',
      rejectReason: input.reason,
      reviewedByUserId: ctx.actor.userId,
    });
    if (!request) {
      if (current.status === 'rejected') return current;
      throw invalidState(closedMessage(current.status), { status: current.status });
    }
    await recordAudit({ ...ctx, db: tx }, { action: 'topup.reject', entityType: 'topup_request', entityId: request.id, detail: { reason: input.reason } });
    return request;
  });
}

/**
 * The distributor takes back its own pending application (sent by mistake, or the money
 * never left): staff no longer see it waiting, and it can never be credited. Decided like an
 * approval, by a conditional UPDATE, so a withdrawal and an approval at the same instant
 * cannot both happen. Withdrawing again answers with the request; another distributor's
 * request is NOT_FOUND.
 */
export async function withdrawTopup(ctx: DistributorCtx, input: z.output<typeof topupIdInput>) {
  return ctx.db.transaction(async (tx) => {
    const own = and(eq(topupRequests.id, input.id), eq(topupRequests.distributorId, ctx.actor.distributorId))!;
    const { closed: request, current } = await closePending(tx, own, { status: 'withdrawn', reviewedByUserId: ctx.actor.userId });
    if (!request) {
      if (current.status === 'withdrawn') return current;
      throw invalidState(closedMessage(current.status), { status: current.status });
    }
    await recordAudit({ ...ctx, db: tx }, { action: 'topup.withdraw', entityType: 'topup_request', entityId: request.id, detail: { amount: request.amount } });
    return request;
  });
}

type TopupRequest = typeof topupRequests.$inferSelect;

/**
 * Moves the request `which` picks out of `pending` (approved, rejected or withdrawn), by a
 * conditional UPDATE: of two decisions at the same instant, the second waits for the first's
 * row lock and finds the request no longer pending. Then `closed` is unset and `current`
 * says where the request stands; a request that is not there (or not the caller's) is NOT_FOUND.
 */
async function closePending(
  tx: Tx,
  which: SQL,
  decision: Pick<TopupRequest, 'status' | 'reviewedByUserId'> & Partial<Pick<TopupRequest, 'rejectReason'>>,
): Promise<{ closed: TopupRequest; current?: undefined } | { closed?: undefined; current: TopupRequest }> {
  const [closed] = await tx
    .update(topupRequests)
    .set({ ...decision, reviewedAt: new Date() })
    .where(and(which, eq(topupRequests.status, 'pending')))
    .returning();
  if (closed) return { closed };
  const [current] = await tx.select().from(topupRequests).where(which);
  if (!current) throw notFound('Top-up request');
  return { current };
}

function closedMessage(status: TopupRequest['status']) {
  if (status === 'approved') return 'This top-up request was approved already';
  if (status === 'rejected') return 'This top-up request was rejected';
  return 'This top-up request was withdrawn by the distributor';
}

const reviewer = alias(users, 'reviewer');

function requestColumns() {
  return {
    id: topupRequests.id,
    distributorId: topupRequests.distributorId,
    distributorCode: distributors.code,
    distributorName: distributors.name,
    amount: topupRequests.amount,
    paymentMethod: topupRequests.paymentMethod,
    paymentReference: topupRequests.paymentReference,
    proofImage: topupRequests.proofImage,
    note: topupRequests.note,
    status: topupRequests.status,
    rejectReason: topupRequests.rejectReason,
    reviewedAt: topupRequests.reviewedAt,
    reviewedBy: reviewer.username,
    createdAt: topupRequests.createdAt,
  };
}

type RequestRow = { proofImage: string | null; reviewedBy: string | null };

/** Staff see who reviewed; a distributor sees that it was reviewed, not by whom. */
function present<R extends RequestRow>(ctx: StaffOrDistributorCtx, row: R) {
  return {
    ...row,
    reviewedBy: ctx.actor.kind === 'staff' ? row.reviewedBy : null,
    proofImageUrl: row.proofImage ? publicUploadUrl(row.proofImage) : null,
  };
}

export async function listTopupRequests(ctx: StaffOrDistributorCtx, input: z.output<typeof topupListInput>) {
  const filters: SQL[] = [];
  const distributorId = distributorFilter(ctx, input.distributorId);
  if (distributorId !== undefined) filters.push(eq(topupRequests.distributorId, distributorId));
  if (input.status) filters.push(eq(topupRequests.status, input.status));
  const where = filters.length ? and(...filters) : undefined;
  const query = ctx.db
    .select(requestColumns())
    .from(topupRequests)
    .innerJoin(distributors, eq(distributors.id, topupRequests.distributorId))
    .leftJoin(reviewer, eq(reviewer.id, topupRequests.reviewedByUserId))
    .where(where)
    .orderBy(...sortedBy(input.sort === 'amount' ? topupRequests.amount : topupRequests.id, topupRequests.id, input.dir))
    .$dynamic();
  const page = await pageOf(ctx.db, input, query, topupRequests, where);
  return { ...page, rows: page.rows.map((r) => present(ctx, r)) };
}

/** One request; another distributor's is NOT_FOUND, exactly like one that does not exist. */
export async function getTopupRequest(ctx: StaffOrDistributorCtx, input: z.output<typeof topupIdInput>) {
  const distributorId = distributorFilter(ctx, undefined);
  const [row] = await ctx.db
    .select(requestColumns())
    .from(topupRequests)
    .innerJoin(distributors, eq(distributors.id, topupRequests.distributorId))
    .leftJoin(reviewer, eq(reviewer.id, topupRequests.reviewedByUserId))
    .where(and(eq(topupRequests.id, input.id), distributorId === undefined ? undefined : eq(topupRequests.distributorId, distributorId)));
  if (!row) throw notFound('Top-up request');
  return present(ctx, row);
}
