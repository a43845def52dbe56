import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { ledgerEntries, wallets } from '@/server/db/schema';
import { DomainError, notFound } from '../errors';
import { recordEvents } from '../events/outbox';

export type LedgerKind = (typeof ledgerEntries.$inferSelect)['kind'];

export type LedgerPosting = {
  distributorId: number;
  kind: LedgerKind;
  /** Signed fen: positive credits the balance, negative debits it. */
  amount: number;
  /** What caused it, unique per kind: `order:<orderNo>`, `topup:<id>`, `adjust:<uuid>`. */
  ref: string;
  note?: string;
  createdByUserId?: number | null;
};

export type LedgerPostingResult =
  | { applied: true; entryId: number; balanceAfter: number }
  /** The same (kind, ref) was posted before: nothing changed. Retries land here. */
  | { applied: false; entryId: number; balanceAfter: number };

/**
 * The only way a balance changes: one wallet update and one ledger entry, in the caller's
 * transaction. The wallet row is locked first, so postings to one wallet take turns and
 * the (kind, ref) check after the lock sees any posting that committed while we waited:
 * a retried or raced step is applied once. A debit the balance cannot cover is
 * INSUFFICIENT_BALANCE and changes nothing (the CHECK on wallets is the backstop).
 * An applied posting also tells the mall (`balance.changed`), in the same transaction;
 * a repeated one tells it nothing, since nothing changed.
 */
export async function postLedgerEntry(tx: Tx, posting: LedgerPosting): Promise<LedgerPostingResult> {
  if (!Number.isSafeInteger(posting.amount) || posting.amount === 0) {
    throw new DomainError('INVALID_REQUEST', 'A ledger amount must be a non-zero whole number of fen');
  }
  const [wallet] = await tx
    .select({ balance: wallets.balance })
    .from(wallets)
    .where(eq(wallets.distributorId, posting.distributorId))
    .for('update');
  if (!wallet) throw notFound('Wallet');

  const [existing] = await tx
    .select({ id: ledgerEntries.id, balanceAfter: ledgerEntries.balanceAfter, distributorId: ledgerEntries.distributorId })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.kind, posting.kind), eq(ledgerEntries.ref, posting.ref)));
  if (existing) {
    if (existing.distributorId !== posting.distributorId) throw new DomainError('CONFLICT', `Ledger reference ${posting.ref} belongs to another wallet`);
    return { applied: false, entryId: existing.id, balanceAfter: existing.balanceAfter };
  }

  const balanceAfter = wallet.balance + posting.amount;
  if (balanceAfter < 0) {
    throw new DomainError('INSUFFICIENT_BALANCE', 'The balance cannot cover this amount', {
      balance: wallet.balance,
      required: -posting.amount,
    });
  }
  await tx
    .update(wallets)
    .set({ balance: sql`${wallets.balance} + ${posting.amount}`, updatedAt: new Date() })
    .where(eq(wallets.distributorId, posting.distributorId));
  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      distributorId: posting.distributorId,
      kind: posting.kind,
      amount: posting.amount,
      balanceAfter,
      ref: posting.ref,
      note: posting.note ?? '',
      createdByUserId: posting.createdByUserId ?? null,
    })
    .returning({ id: ledgerEntries.id });
  await recordEvents(tx, [
    {
      distributorId: posting.distributorId,
      type: 'balance.changed',
      data: { balance: balanceAfter, entry: { kind: posting.kind, amount: posting.amount, balanceAfter, ref: posting.ref } },
    },
  ]);
  return { applied: true, entryId: entry.id, balanceAfter };
}
