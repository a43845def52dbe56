import type { SQL } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { formatFen } from '@/lib/money';

/** The statuses in which an order holds the stock it reserved. */
export const LIVE_STATUSES = `('pending_payment', 'paid', 'shipped', 'completed')`;
/** The statuses in which an order has given its stock back. */
export const RETURNED_STATUSES = `('cancelled', 'expired', 'refunded')`;

/** Runs one rule's query. postgres.js reads bigint as text: the rules convert with num(). */
export function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  return tx.execute(query) as unknown as Promise<T[]>;
}

export function num(value: string | number): number;
export function num(value: string | number | null): number | null;
export function num(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

export const ids = (values: (string | number)[] | null): number[] => (values ?? []).map(Number);

/** Fen as yuan for messages, e.g. 2100 → "21.00". */
export const yuan = (fen: number) => formatFen(fen, { grouping: false });
