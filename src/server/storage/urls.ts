import { env } from '@/server/config/env';

/**
 * Uploaded files (product images, logos, payment proofs) are stored under a key and
 * served by the app at /uploads/<key>. Malls get absolute URLs.
 */
export function publicUploadUrl(key: string): string {
  if (/^https?:\/\//.test(key)) return key;
  return `${env.publicBaseUrl}/uploads/${key.split('/').map(encodeURIComponent).join('/')}`;
}
