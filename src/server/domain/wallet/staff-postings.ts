import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { ledgerEntries } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { DomainError } from '../errors';
import { type LedgerPosting, postLedgerEntry } from './ledger';
import type { adjustmentInput, directTopupInput } from './schemas';

/**
 * Posts once per request key. A repeated submission (double click, retry) lands on the
 * same (kind, ref) and changes nothing; the same key with another amount is a mistake,
 * said plainly rather than ignored.
 */
async function postOnce(tx: Tx, posting: LedgerPosting) {
  const result = await postLedgerEntry(tx, posting);
  if (!result.applied) {
    const [entry] = await tx.select({ amount: ledgerEntries.amount }).from(ledgerEntries).where(eq(ledgerEntries.id, result.entryId));
    if (entry.amount !== posting.amount) {
      throw new DomainError('IDEMPOTENCY_CONFLICT', 'This request was already submitted with another amount', { field: 'requestKey' });
    }
  }
  return result;
}

/** Posts by staff, with the audit row of an applied posting, in one transaction. */
function postByStaff(ctx: StaffCtx, posting: Omit<LedgerPosting, 'createdByUserId'>, audit: { action: string; detail: Record<string, unknown> }) {
  return ctx.db.transaction(async (tx) => {
    const result = await postOnce(tx, { ...posting, createdByUserId: ctx.actor.userId });
    if (result.applied) {
      await recordAudit(
        { ...ctx, db: tx },
        { action: audit.action, entityType: 'distributor', entityId: posting.distributorId, detail: { ...audit.detail, amount: posting.amount, entryId: result.entryId } },
      );
    }
    return result;
  });
}

/** Staff credit a distributor directly (e.g. a payment received without an application). */
export async function topUpDirectly(ctx: StaffCtx, input: z.output<typeof directTopupInput>) {
  return postByStaff(
    ctx,
    { distributorId: input.distributorId, kind: 'topup', amount: input.amount, ref: `direct:${input.requestKey}`, note: input.note },
    { action: 'wallet.topup', detail: { note: input.note } },
  );
}

/**
 * Staff correct a balance up or down, with the reason on the entry. Down never goes below
 * zero: the ledger posting locks the wallet and refuses what the balance cannot cover
 * (INSUFFICIENT_BALANCE), so adjustments racing each other or an order debit cannot
 * overdraw it together.
 */
export async function adjustBalance(ctx: StaffCtx, input: z.output<typeof adjustmentInput>, link?: AdjustmentLink) {
  const amount = input.direction === 'up' ? input.amount : -input.amount;
  return postByStaff(
    ctx,
    { distributorId: input.distributorId, kind: 'adjustment', amount, ref: link?.ref ?? `adjust:${input.requestKey}`, note: input.reason },
    { action: 'wallet.adjust', detail: { reason: input.reason, ...link?.detail } },
  );
}

/**
 * What an adjustment is about, when it is about a record (an after-sales case): its ledger
 * reference names the record, so the record's page finds the adjustments made for it.
 */
export type AdjustmentLink = { ref: string; detail: Record<string, unknown> };
