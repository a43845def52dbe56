import * as crypto from 'node:crypto';
import { createHash, createHmac, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Request signing of the open API (docs/open-api.md "Signing every request"). The hub verifies
 * with these same functions, so the client and the server cannot drift apart.
 * Depends on node:crypto only: a mall may copy this file as it is.
 */

export const SIGNATURE_HEADERS = {
  distributorCode: 'x-distributor-code',
  appKey: 'x-app-key',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
} as const;

/** 16–64 characters of [A-Za-z0-9_-]. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export type SignatureParts = {
  method: string;
  /** The request target exactly as sent: path and query, e.g. /api/open/v1/products?limit=50 */
  pathAndQuery: string;
  /** Unix seconds, as sent in X-Timestamp. */
  timestamp: string;
  nonce: string;
  /** Lowercase hex SHA-256 of the raw body bytes (of the empty string when none). */
  bodySha256: string;
};

/**
 * `crypto.hash` (Node ≥ 20.12): one call and no Hash object, a third of the time of
 * `createHash` for a request's body (it is hashed on every request, on both sides).
 * Older Node takes `createHash`.
 */
const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;

export function sha256Hex(body: string | Uint8Array = ''): string {
  return oneShotHash ? oneShotHash('sha256', body, 'hex') : createHash('sha256').update(body).digest('hex');
}

export function stringToSign(parts: SignatureParts): string {
  return [parts.method.toUpperCase(), parts.pathAndQuery, parts.timestamp, parts.nonce, parts.bodySha256].join('\n');
}

/**
 * Lowercase hex HMAC-SHA256 of the string to sign, keyed with the API secret (its UTF-8
 * bytes; a server checking many requests may pass it as a KeyObject made once, which
 * saves a third of the work).
 */
export function computeSignature(secret: string | KeyObject, parts: SignatureParts): string {
  return createHmac('sha256', secret).update(stringToSign(parts)).digest('hex');
}

/** Compares two hex signatures in constant time (a length mismatch is simply false). */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A fresh nonce: 32 characters of base64url randomness. */
export function newNonce(): string {
  return randomBytes(24).toString('base64url');
}

export type Credentials = { distributorCode: string; appKey: string; secret: string };

/**
 * The five headers of a signed request. Every request gets a new nonce and timestamp: a
 * retry is a new request (same body, same idempotency key), never a replay.
 */
export function signRequest(
  credentials: Credentials,
  request: { method: string; pathAndQuery: string; body?: string | Uint8Array },
  options: { now?: Date; nonce?: string } = {},
): Record<string, string> {
  const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
  const nonce = options.nonce ?? newNonce();
  const signature = computeSignature(credentials.secret, {
    method: request.method,
    pathAndQuery: request.pathAndQuery,
    timestamp,
    nonce,
    bodySha256: sha256Hex(request.body ?? ''),
  });
  return {
    [SIGNATURE_HEADERS.distributorCode]: credentials.distributorCode,
    [SIGNATURE_HEADERS.appKey]: credentials.appKey,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signature,
  };
}
