import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { distributors, sandboxStock, sandboxWallets, wallets } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { Ctx, StaffCtx } from '../context';
import { notFound } from '../errors';
import { idSchema } from '../ids';

export const setSandboxInput = z.strictObject({ id: idSchema, sandbox: z.boolean() });

/**
 * Staff switch a distributor into test mode (or out of it). Switching on starts a fresh
 * test: the test balance is a copy of the live balance now, and the stock copies are
 * made again from the live stock as products are ordered. Orders keep the mode they were
 * made in: a test order stays a test order (its cancellation or expiry returns test
 * stock) after test mode ends. The open API sees the switch on the very next request
 * (it is part of the credentials fingerprint, open-api/rate-limit.ts).
 */
export async function setSandboxMode(ctx: StaffCtx, input: z.output<typeof setSandboxInput>) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(distributors).set({ sandbox: input.sandbox, updatedAt: new Date() }).where(eq(distributors.id, input.id)).returning({ id: distributors.id });
    if (!row) throw notFound('Distributor');
    if (input.sandbox) {
      await tx.delete(sandboxStock).where(eq(sandboxStock.distributorId, input.id));
      await tx.execute(sql`
        insert into ${sandboxWallets} (distributor_id, balance)
        select ${input.id}, coalesce((select balance from ${wallets} where distributor_id = ${input.id}), 0)
        on conflict (distributor_id) do update set balance = excluded.balance, updated_at = now()`);
    }
    await recordAudit({ ...ctx, db: tx }, { action: 'distributor.sandbox', entityType: 'distributor', entityId: input.id, detail: { sandbox: input.sandbox } });
    return { id: input.id, sandbox: input.sandbox };
  });
}

/** Whether a distributor is in test mode (for the portals). */
export async function sandboxModeOf(ctx: Ctx, distributorId: number): Promise<boolean> {
  const [row] = await ctx.db.select({ sandbox: distributors.sandbox }).from(distributors).where(eq(distributors.id, distributorId));
  return row?.sandbox ?? false;
}
