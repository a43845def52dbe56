import { and, eq, sql } from 'drizzle-orm';
import { ipInRanges } from '@/lib/ip';
import { computeSignature, NONCE_PATTERN, sha256Hex, SIGNATURE_HEADERS, signaturesEqual } from '@/mall-client/signing';
import type { Db } from '@/server/db/client';
import { distributorLevels, distributors } from '@/server/db/schema';
import type { MallCtx } from '@/server/domain/context';
import { validApiSecrets } from '@/server/domain/distributors/credentials';
import { DomainError } from '@/server/domain/errors';
import { clientIpFromHeaders } from '@/server/http/client-ip';
import { requestTargetFrom } from '@/server/http/request-target';
import { readBodyWithLimit } from './body';
import { admitRequest } from './rate-limit';

/** A signed timestamp more than this far from our clock is refused (either way). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

export type VerifiedRequest = {
  ctx: MallCtx;
  /** The raw body, as signed. */
  rawBody: Buffer;
  distributor: { id: number; code: string; levelId: number; feeBps: number; selectionMode: 'category' | 'brand' };
};

const unauthenticated = (message: string, details?: Record<string, unknown>) => new DomainError('UNAUTHENTICATED', message, details);

function readSignatureHeaders(headers: Headers) {
  const get = (name: string) => headers.get(name)?.trim() ?? '';
  const values = {
    code: get(SIGNATURE_HEADERS.distributorCode),
    appKey: get(SIGNATURE_HEADERS.appKey),
    timestamp: get(SIGNATURE_HEADERS.timestamp),
    nonce: get(SIGNATURE_HEADERS.nonce),
    signature: get(SIGNATURE_HEADERS.signature),
  };
  const missing = Object.entries({
    'X-Distributor-Code': values.code,
    'X-App-Key': values.appKey,
    'X-Timestamp': values.timestamp,
    'X-Nonce': values.nonce,
    'X-Signature': values.signature,
  })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) throw unauthenticated(`Missing signature headers: ${missing.join(', ')}`, { missingHeaders: missing });
  if (!/^\d{1,12}$/.test(values.timestamp)) throw unauthenticated('X-Timestamp must be Unix time in whole seconds', { header: 'X-Timestamp' });
  if (!NONCE_PATTERN.test(values.nonce)) throw unauthenticated('X-Nonce must be 16–64 characters of A–Z, a–z, 0–9, _ and -', { header: 'X-Nonce' });
  if (!/^[0-9a-f]{64}$/.test(values.signature)) throw new DomainError('BAD_SIGNATURE', 'X-Signature must be 64 lowercase hex characters');
  return values;
}

/**
 * Authenticates a mall's request, in this order: body size (413), signature headers
 * present (401), the distributor code and key (401), the client IP against the whitelist
 * (403), the timestamp window (401), the HMAC signature with the current secret or the
 * previous one during its 24 h of grace (401), the distributor enabled (403), the nonce
 * unused (401), and the rate limit (429). Only the last two write anything, and only for a
 * request whose signature is good: a stranger can neither burn a mall's nonces nor drain
 * its bucket.
 */
export async function verifyMallRequest(db: Db, request: Request): Promise<VerifiedRequest> {
  const body = await readBodyWithLimit(request);
  const h = readSignatureHeaders(request.headers);

  const [d] = await db
    .select({
      id: distributors.id,
      code: distributors.code,
      status: distributors.status,
      levelId: distributors.levelId,
      selectionMode: distributors.selectionMode,
      feeBps: distributorLevels.feeBps,
      secretCiphertext: distributors.secretCiphertext,
      previousSecretCiphertext: distributors.previousSecretCiphertext,
      previousSecretExpiresAt: distributors.previousSecretExpiresAt,
      ipWhitelist: distributors.ipWhitelist,
      ratePerSecond: sql<number>`coalesce(${distributors.rateLimitPerSecond}, ${distributorLevels.rateLimitPerSecond})`,
      rateBurst: sql<number>`coalesce(${distributors.rateLimitBurst}, ${distributorLevels.rateLimitBurst})`,
    })
    .from(distributors)
    .innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
    .where(and(eq(distributors.code, h.code), eq(distributors.appKey, h.appKey)));
  if (!d) throw unauthenticated('Unknown distributor code or app key');

  // The address our own server saw (socket, or trusted proxies only): never a header the client wrote.
  const ip = clientIpFromHeaders(request.headers);
  if (!ip || !ipInRanges(ip, d.ipWhitelist)) {
    throw new DomainError('IP_NOT_ALLOWED', `The address ${ip ?? '(unknown)'} is not on this distributor's IP whitelist`, { ip });
  }

  const skew = Math.abs(Date.now() / 1000 - Number(h.timestamp));
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new DomainError('TIMESTAMP_SKEW', `X-Timestamp is ${Math.round(skew)} s from the hub's clock (at most ${TIMESTAMP_TOLERANCE_SECONDS} s)`, {
      serverTime: Math.floor(Date.now() / 1000),
    });
  }

  const parts = {
    method: request.method,
    pathAndQuery: requestTargetFrom(request.headers, request.url),
    timestamp: h.timestamp,
    nonce: h.nonce,
    bodySha256: sha256Hex(body),
  };
  const secrets = validApiSecrets(d);
  // Check every valid secret, so the time taken does not tell which one matched.
  const matches = secrets.map((secret) => signaturesEqual(computeSignature(secret, parts), h.signature));
  if (!matches.includes(true)) {
    throw new DomainError('BAD_SIGNATURE', 'The signature does not match the request (check the string to sign: method, path and query as sent, timestamp, nonce, body SHA-256)');
  }

  if (d.status !== 'active') throw new DomainError('DISTRIBUTOR_DISABLED', 'This distributor is disabled');

  await admitRequest(db, d.id, h.nonce, { perSecond: d.ratePerSecond, burst: d.rateBurst });

  return {
    ctx: { db, actor: { kind: 'mall', distributorId: d.id } },
    rawBody: body,
    distributor: { id: d.id, code: d.code, levelId: d.levelId, feeBps: d.feeBps, selectionMode: d.selectionMode },
  };
}
