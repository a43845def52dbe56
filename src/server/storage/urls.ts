import { sql, type SQL } from 'drizzle-orm';
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
 */
export function uploadUrl(base: string, key: string): string {
  if (/^https?:\/\//.test(key)) return key;
  return `${base}/uploads/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * `publicUploadUrl` in SQL, for answers PostgreSQL builds as JSON (the catalog sync): the
 * same URL for every key, byte for byte (tests/open-api/catalog-json.test.ts). Keys of
 * uploads need no escaping and are only prefixed; any other key is percent-encoded byte by
 * byte as encodeURIComponent does (UTF-8, upper-case hex, `/` kept between segments).
 */
export function publicUploadUrlSql(key: SQL, base: SQL): SQL {
  return sql`(CASE WHEN ${key} ~ '^https?://' THEN ${key}
    WHEN ${key} ~ ${sql.raw(`'^${SAFE_KEY}$'`)} THEN ${base} || '/uploads/' || ${key}
    ELSE ${base} || '/uploads/' || (
      SELECT string_agg(CASE WHEN b < 128 AND chr(b) ~ ${sql.raw(`'^[/${URI_UNRESERVED}]$'`)} THEN chr(b) ELSE '%' || upper(lpad(to_hex(b), 2, '0')) END, '' ORDER BY i)
      FROM (SELECT get_byte(bytes, i) AS b, i FROM (SELECT convert_to(${key}, 'UTF8') AS bytes) k, generate_series(0, length(bytes) - 1) i) kb)
  END)`;
}

/** The characters encodeURIComponent leaves as they are, as a regular-expression class (`-` last). */
const URI_UNRESERVED = "A-Za-z0-9_.!~*''()-";

/**
 * A key whose URL is the key itself after the prefix, as a regular expression for a SQL
 * string literal: only characters encodeURIComponent keeps, and `/`. None of them needs
 * escaping in JSON either. (A key with `:` cannot be an absolute http(s) URL.)
 */
export const SAFE_KEY = `[/${URI_UNRESERVED}]*`;
