import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { encryptSecret } from '@/lib/crypto';
import { env } from '@/server/config/env';
import { distributorLevels, distributors } from '@/server/db/schema';
import { recordAudit } from '../audit';
import { notFound } from '../errors';
import { generateApiSecret, generateWebhookSecret, PREVIOUS_SECRET_GRACE_MS } from './credentials';
import { normalizeWhitelist, validateCallbackUrl } from './create';
import type { bindingInput } from './schemas';
import { type StaffOrDistributorCtx, targetDistributor } from './scope';

/**
 * The binding between a distributor's mall and the hub (docs/open-api.md "Binding"). Staff act
 * on any distributor; a distributor on its own only (see scope.ts).
 */

/** When a secret replaced now stops working (the database's clock, like every other time). */
const graceEnds = () => sql`now() + make_interval(secs => ${PREVIOUS_SECRET_GRACE_MS / 1000})`;

/** What the binding page shows. Secrets are never read back: they were shown once. */
export async function getBinding(ctx: StaffOrDistributorCtx, input: { id?: number } = {}) {
  const id = targetDistributor(ctx, input.id);
  const [row] = await ctx.db
    .select({
      id: distributors.id,
      code: distributors.code,
      name: distributors.name,
      status: distributors.status,
      appKey: distributors.appKey,
      callbackUrl: distributors.callbackUrl,
      ipWhitelist: distributors.ipWhitelist,
      secretRotatedAt: distributors.secretRotatedAt,
      previousSecretExpiresAt: distributors.previousSecretExpiresAt,
      previousWebhookSecretExpiresAt: distributors.previousWebhookSecretExpiresAt,
      rateLimitPerSecond: sql<number>`coalesce(${distributors.rateLimitPerSecond}, ${distributorLevels.rateLimitPerSecond})`,
      rateLimitBurst: sql<number>`coalesce(${distributors.rateLimitBurst}, ${distributorLevels.rateLimitBurst})`,
      createdAt: distributors.createdAt,
    })
    .from(distributors)
    .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
    .where(eq(distributors.id, id));
  if (!row) throw notFound('Distributor');
  const now = Date.now();
  return {
    ...row,
    /** The hub's address, and the open API's base under it. */
    hubUrl: env.publicBaseUrl,
    baseUrl: `${env.publicBaseUrl}/api/open/v1`,
    // Only report a previous secret while it still works.
    previousSecretExpiresAt: row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > now ? row.previousSecretExpiresAt : null,
    previousWebhookSecretExpiresAt:
      row.previousWebhookSecretExpiresAt && row.previousWebhookSecretExpiresAt.getTime() > now ? row.previousWebhookSecretExpiresAt : null,
  };
}

/** Sets the callback URL (validated: https, or a private address where the server allows it) and the IP whitelist. */
export async function updateBinding(ctx: StaffOrDistributorCtx, input: z.output<typeof bindingInput> & { id?: number }) {
  const id = targetDistributor(ctx, input.id);
  const ipWhitelist = normalizeWhitelist(input.ipWhitelist);
  const callbackUrl = validateCallbackUrl(input.callbackUrl);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(distributors)
      .set({ callbackUrl, ipWhitelist, updatedAt: new Date() })
      .where(eq(distributors.id, id))
      .returning({ callbackUrl: distributors.callbackUrl, ipWhitelist: distributors.ipWhitelist });
    if (!row) throw notFound('Distributor');
    await recordAudit({ ...ctx, db: tx }, { action: 'distributor.binding_update', entityType: 'distributor', entityId: id, detail: row });
    return row;
  });
}

/**
 * Issues a new API secret. The one it replaces keeps signing for 24 h so the mall can
 * switch without downtime. Only one previous secret is kept: rotating twice within a day
 * ends the oldest at once. One UPDATE moves current → previous (SET reads the row as it
 * was), so concurrent rotations cannot leave a secret that nobody was shown.
 */
export async function rotateApiSecret(ctx: StaffOrDistributorCtx, input: { id?: number } = {}) {
  const id = targetDistributor(ctx, input.id);
  const secret = generateApiSecret();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(distributors)
      .set({
        previousSecretCiphertext: sql`${distributors.secretCiphertext}`,
        previousSecretExpiresAt: graceEnds(),
        secretCiphertext: encryptSecret(secret),
        secretRotatedAt: sql`now()`,
        updatedAt: new Date(),
      })
      .where(eq(distributors.id, id))
      .returning({ previousSecretExpiresAt: distributors.previousSecretExpiresAt });
    if (!row) throw notFound('Distributor');
    await recordAudit({ ...ctx, db: tx }, { action: 'distributor.secret_rotate', entityType: 'distributor', entityId: id });
    return { secret, previousSecretExpiresAt: row.previousSecretExpiresAt! };
  });
}

/** The same for the webhook signing secret (`whsec_…`): callbacks carry both signatures for 24 h. */
export async function rotateWebhookSecret(ctx: StaffOrDistributorCtx, input: { id?: number } = {}) {
  const id = targetDistributor(ctx, input.id);
  const webhookSecret = generateWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(distributors)
      .set({
        previousWebhookSecretCiphertext: sql`${distributors.webhookSecretCiphertext}`,
        previousWebhookSecretExpiresAt: graceEnds(),
        webhookSecretCiphertext: encryptSecret(webhookSecret),
        updatedAt: new Date(),
      })
      .where(eq(distributors.id, id))
      .returning({ previousWebhookSecretExpiresAt: distributors.previousWebhookSecretExpiresAt });
    if (!row) throw notFound('Distributor');
    await recordAudit({ ...ctx, db: tx }, { action: 'distributor.webhook_secret_rotate', entityType: 'distributor', entityId: id });
    return { webhookSecret, previousWebhookSecretExpiresAt: row.previousWebhookSecretExpiresAt! };
  });
}
