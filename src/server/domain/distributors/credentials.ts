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
