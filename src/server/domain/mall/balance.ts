import { eq } from 'drizzle-orm';
import { wallets } from '@/server/db/schema';
import { notFound } from '../errors';
import type { CatalogCtx } from './catalog';

/** The distributor's prepaid balance, in fen. */
export async function getBalance(ctx: CatalogCtx): Promise<{ balance: number; currency: 'CNY' }> {
  const [wallet] = await ctx.db.select({ balance: wallets.balance }).from(wallets).where(eq(wallets.distributorId, ctx.actor.distributorId));
  if (!wallet) throw notFound('Wallet');
  return { balance: wallet.balance, currency: 'CNY' };
}
