import { env } from '@/server/config/env';

/**
 * Uploaded files (product images, logos, payment proofs) are stored under a key and
 * served by the app at /uploads/<key>. Malls get absolute URLs.
 */
export function publicUploadUrl(key: string): string {
  return uploadUrl(env.publicBaseUrl, key);
}

/**
 * `publicUploadUrl` under a base URL read once (PUBLIC_BASE_URL, `env.publicBaseUrl`) by a
 * caller that builds many: reading the environment costs more than the rest of the URL.
 * Its SQL twin is `hub_upload_urls_json` (drizzle/0017), for the catalog JSON PostgreSQL keeps
 * ready: the same URL for every key, byte for byte (tests/open-api/catalog-json.test.ts).
 */
export function uploadUrl(base: string, key: string): string {
  if (/^https?:\/\//.test(key)) return key;
  return `${base}/uploads/${key.split('/').map(encodeURIComponent).join('/')}`;
}
