import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { distributors } from '@/server/db/schema';
import { rotateApiSecret } from '@/server/domain/distributors/binding';
import { PREVIOUS_SECRET_GRACE_MS, validApiSecrets, validWebhookSecrets } from '@/server/domain/distributors/credentials';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';

const db = testDb();
const rowOf = async (id: number) => (await db.select().from(distributors).where(eq(distributors.id, id)))[0];

describe('API credentials', () => {
  it('issues random credentials and stores the secrets encrypted, never in plain text', async () => {
    const a = await createDistributorAccount(db);
    const b = await createDistributorAccount(db);
    expect(a.appKey).toMatch(/^ak_[0-9a-f]{24}$/);
    expect(a.secret).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(a.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(new Set([a.secret, b.secret]).size).toBe(2);

    const row = await rowOf(a.distributorId);
    const wholeRow = JSON.stringify(row);
    for (const secret of [a.secret, a.secret.slice(3), a.webhookSecret, a.webhookSecret.slice(6)]) expect(wholeRow).not.toContain(secret);
    expect(row.secretCiphertext).toMatch(/^v1\./);
    // And nothing the portals can read gives it back.
    const staff = await createStaff();
    expect(JSON.stringify(await callerAs(staff.identity).admin.distributors.binding({ id: a.distributorId }))).not.toContain(a.secret);
    expect(JSON.stringify(await callerAs(staff.identity).admin.distributors.get({ id: a.distributorId }))).not.toContain(a.secret);
    expect(JSON.stringify(await callerAs(a.identity).distributor.binding.get())).not.toContain(a.secret);
    // The stored form does decrypt to what was shown.
    expect(validApiSecrets(row)).toEqual([a.secret]);
  });

  it('keeps the old secret valid for 24 hours after a rotation, and not after', async () => {
    const d = await createDistributorAccount(db);
    const staff = await createStaff();
    const before = Date.now();
    const { secret: newSecret, previousSecretExpiresAt } = await rotateApiSecret(staff.ctx, { id: d.distributorId });
    expect(newSecret).not.toBe(d.secret);

    const row = await rowOf(d.distributorId);
    expect(JSON.stringify(row)).not.toContain(newSecret);
    expect(row.previousSecretExpiresAt!.getTime()).toBe(previousSecretExpiresAt.getTime());
    // 24 h from the rotation (the database clock; allow for the test's own run time).
    expect(previousSecretExpiresAt.getTime() - before).toBeGreaterThanOrEqual(PREVIOUS_SECRET_GRACE_MS - 5_000);
    expect(previousSecretExpiresAt.getTime() - Date.now()).toBeLessThanOrEqual(PREVIOUS_SECRET_GRACE_MS + 5_000);

    const expiry = previousSecretExpiresAt.getTime();
    expect(validApiSecrets(row, new Date(expiry - 23 * 3600_000))).toEqual([newSecret, d.secret]);
    expect(validApiSecrets(row, new Date(expiry - 1))).toEqual([newSecret, d.secret]);
    expect(validApiSecrets(row, new Date(expiry))).toEqual([newSecret]);
    expect(validApiSecrets(row, new Date(expiry + 3600_000))).toEqual([newSecret]);

    // A request signed with either secret verifies while both are valid (as the open API checks it).
    const stringToSign = ['GET', '/api/open/v1/balance', '1767225600', 'nonce-0123456789abcdef', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'].join('\n');
    const sign = (key: string) => createHmac('sha256', key).update(stringToSign).digest('hex');
    const valid = validApiSecrets(row, new Date(expiry - 1)).map(sign);
    expect(valid).toContain(sign(d.secret));
    expect(valid).toContain(sign(newSecret));
    expect(validApiSecrets(row, new Date(expiry + 1)).map(sign)).not.toContain(sign(d.secret));
  });

  it('ends the oldest secret at once when rotated twice within a day', async () => {
    const d = await createDistributorAccount(db);
    const first = await rotateApiSecret(d.ctx);
    const second = await rotateApiSecret(d.ctx);
    const valid = validApiSecrets(await rowOf(d.distributorId));
    expect(valid).toEqual([second.secret, first.secret]);
    expect(valid).not.toContain(d.secret);
  });

  it('rotates the webhook secret the same way, and both sign callbacks a mall can verify', async () => {
    const d = await createDistributorAccount(db);
    const { webhookSecret, previousWebhookSecretExpiresAt } = await callerAs(d.identity).distributor.binding.rotateWebhookSecret();
    expect(webhookSecret).toMatch(/^whsec_/);
    const row = await rowOf(d.distributorId);
    expect(JSON.stringify(row)).not.toContain(webhookSecret.slice(6));
    const secrets = validWebhookSecrets(row, new Date(previousWebhookSecretExpiresAt.getTime() - 1));
    expect(secrets).toEqual([webhookSecret, d.webhookSecret]);
    expect(validWebhookSecrets(row, previousWebhookSecretExpiresAt)).toEqual([webhookSecret]);
    // A standard library verifies a callback signed with the new secret.
    const payload = JSON.stringify({ id: 'evt_1', type: 'balance.changed', createdAt: new Date().toISOString(), data: {} });
    const timestamp = new Date();
    const signature = new Webhook(webhookSecret).sign('evt_1', timestamp, payload);
    expect(() =>
      new Webhook(webhookSecret).verify(payload, { 'webhook-id': 'evt_1', 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature }),
    ).not.toThrow();
  });

  it('shows the new secret only in the answer to the rotation', async () => {
    const d = await createDistributorAccount(db);
    const { secret } = await callerAs(d.identity).distributor.binding.rotateSecret();
    const binding = await callerAs(d.identity).distributor.binding.get();
    expect(JSON.stringify(binding)).not.toContain(secret);
    expect(binding.previousSecretExpiresAt).toBeInstanceOf(Date);
    expect(binding.secretRotatedAt).toBeInstanceOf(Date);
  });
});
