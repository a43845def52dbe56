import type { Tx } from '@/server/db/client';
import type { products } from '@/server/db/schema';
import { recordProductEvents } from './product-events';
import { isListed } from './product-views';

type Status = (typeof products.$inferSelect)['status'];

/**
 * Tells malls what they need to know after products changed status, in the transaction
 * of the change: a product that became listed goes out whole (a mall may never have seen
 * it), one that was withdrawn as a status change. Moves between statuses malls never list
 * (draft, in review, rejected, off shelf) concern no mall.
 */
export async function announceStatusChange(tx: Tx, ids: number[], from: Status, to: Status) {
  if (isListed(to) && !isListed(from)) await recordProductEvents(tx, ids, 'updated');
  else if (isListed(from)) await recordProductEvents(tx, ids, 'status');
}

/** After an edit of what malls show (title, prices, images, visibility): only listed products. */
export async function announceListingChange(tx: Tx, ids: number[], status: Status) {
  if (isListed(status)) await recordProductEvents(tx, ids, 'updated');
}
