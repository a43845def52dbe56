import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from '@/lib/crypto';

/** The API key: public, sent as X-App-Key. */
export function generateAppKey(): string {
  return `ak_${randomBytes(12).toString('hex')}`;
}

/** The API secret that keys the HMAC signatures: shown once, stored encrypted. */
export function generateApiSecret(): string {
  return `sk_${randomBytes(32).toString('base64url')}`;
}

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function formatDistributorCode(n: number): string {
  return `D${String(n).padStart(4, '0')}`;
}

export type IssuedCredentials = { appKey: string; secret: string; webhookSecret: string };

/** A fresh set of credentials, with the ciphertexts to store. */
export function issueCredentials() {
  const plain: IssuedCredentials = { appKey: generateAppKey(), secret: generateApiSecret(), webhookSecret: generateWebhookSecret() };
  return {
    plain,
    stored: {
      appKey: plain.appKey,
      secretCiphertext: encryptSecret(plain.secret),
      webhookSecretCiphertext: encryptSecret(plain.webhookSecret),
    },
  };
}

export { decryptSecret };

/** How long a replaced secret keeps working after a rotation, so the mall can switch over. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600_000;

type SecretColumns = { current: string; previous: string | null; previousExpiresAt: Date | null };

/**
 * The plain secrets a signature may be made with at `at`: the current one, and the one it
 * replaced while that is still within its grace period. Newest first.
 */
function validSecrets(columns: SecretColumns, at: Date, decrypt: (ciphertext: string) => string = decryptSecret): string[] {
  const out = [decrypt(columns.current)];
  if (columns.previous && columns.previousExpiresAt && columns.previousExpiresAt.getTime() > at.getTime()) {
    out.push(decrypt(columns.previous));
  }
  return out;
}

/** The API secrets that sign requests at `at` (what the open API checks X-Signature against). */
export function validApiSecrets(
  row: { secretCiphertext: string; previousSecretCiphertext: string | null; previousSecretExpiresAt: Date | null },
  at: Date = new Date(),
  /** How to decrypt (a caller may remember what it decrypted before). */
  decrypt?: (ciphertext: string) => string,
): string[] {
  return validSecrets({ current: row.secretCiphertext, previous: row.previousSecretCiphertext, previousExpiresAt: row.previousSecretExpiresAt }, at, decrypt);
}

/** The webhook secrets callbacks are signed with at `at` (Standard Webhooks allows several signatures). */
export function validWebhookSecrets(
  row: { webhookSecretCiphertext: string; previousWebhookSecretCiphertext: string | null; previousWebhookSecretExpiresAt: Date | null },
  at: Date = new Date(),
): string[] {
  return validSecrets(
    { current: row.webhookSecretCiphertext, previous: row.previousWebhookSecretCiphertext, previousExpiresAt: row.previousWebhookSecretExpiresAt },
    at,
  );
}
