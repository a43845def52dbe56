import { createSecretKey, type KeyObject } from 'node:crypto';
import type postgres from 'postgres';
import { ipInRanges } from '@/lib/ip';
import { computeSignature, NONCE_PATTERN, sha256Hex, SIGNATURE_HEADERS, signaturesEqual } from '@/mall-client/signing';
import type { Db } from '@/server/db/client';
import { poolOf, prepared } from '@/server/db/prepared';
import type { MallCtx } from '@/server/domain/context';
import { decryptSecret, validApiSecrets } from '@/server/domain/distributors/credentials';
import { DomainError } from '@/server/domain/errors';
import { clientIpFromHeaders } from '@/server/http/client-ip';
import { requestTargetFrom } from '@/server/http/request-target';
import { readBodyWithLimit } from './body';
import { admitAndRead, admitRequest, CREDENTIALS_FINGERPRINT, type Admission, type AdmittedRead } from './rate-limit';

/** A signed timestamp more than this far from our clock is refused (either way). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

export type VerifiedRequest = {
  ctx: MallCtx;
  /** The raw body, as signed. */
  rawBody: Buffer;
  distributor: { id: number; code: string; levelId: number; feeBps: number; selectionMode: 'category' | 'brand'; sandbox: boolean };
};

const unauthenticated = (message: string, details?: Record<string, unknown>) => new DomainError('UNAUTHENTICATED', message, details);

function readSignatureHeaders(headers: Headers) {
  const values = {
    code: signatureHeader(headers, SIGNATURE_HEADERS.distributorCode),
    appKey: signatureHeader(headers, SIGNATURE_HEADERS.appKey),
    timestamp: signatureHeader(headers, SIGNATURE_HEADERS.timestamp),
    nonce: signatureHeader(headers, SIGNATURE_HEADERS.nonce),
    signature: signatureHeader(headers, SIGNATURE_HEADERS.signature),
  };
  if (!(values.code && values.appKey && values.timestamp && values.nonce && values.signature)) {
    const missing = Object.entries({
      'X-Distributor-Code': values.code,
      'X-App-Key': values.appKey,
      'X-Timestamp': values.timestamp,
      'X-Nonce': values.nonce,
      'X-Signature': values.signature,
    })
      .filter(([, v]) => !v)
      .map(([k]) => k);
    throw unauthenticated(`Missing signature headers: ${missing.join(', ')}`, { missingHeaders: missing });
  }
  if (!/^\d{1,12}$/.test(values.timestamp)) throw unauthenticated('X-Timestamp must be Unix time in whole seconds', { header: 'X-Timestamp' });
  if (!NONCE_PATTERN.test(values.nonce)) throw unauthenticated('X-Nonce must be 16–64 characters of A–Z, a–z, 0–9, _ and -', { header: 'X-Nonce' });
  if (!/^[0-9a-f]{64}$/.test(values.signature)) throw new DomainError('BAD_SIGNATURE', 'X-Signature must be 64 lowercase hex characters');
  return values;
}

function signatureHeader(headers: Headers, name: string): string {
  return headers.get(name)?.trim() ?? '';
}

type DistributorAuth = {
  id: number;
  code: string;
  status: 'active' | 'disabled';
  levelId: number;
  selectionMode: 'category' | 'brand';
  feeBps: number;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
  ipWhitelist: string[];
  /** Test mode (domain/sandbox): the order door sends its orders to the sandbox verb. */
  sandbox: boolean;
  fingerprint: string;
};

const loadDistributor = prepared<DistributorAuth>(`
  select d.id, d.code, d.status, d.level_id as "levelId", d.selection_mode as "selectionMode", l.fee_bps as "feeBps",
         d.secret_ciphertext as "secretCiphertext", d.previous_secret_ciphertext as "previousSecretCiphertext",
         d.previous_secret_expires_at as "previousSecretExpiresAt", d.ip_whitelist as "ipWhitelist", d.sandbox,
         ${CREDENTIALS_FINGERPRINT} as fingerprint
  from distributors d join distributor_levels l on l.id = d.level_id
  where d.code = $1::text and d.app_key = $2::text`);

/**
 * Distributors as last read, by code and key. Never trusted alone: every admission returns
 * the distributor's fingerprint now, and a request verified against a stale entry is
 * verified again against the fresh row (and refused if that fails). What the cache saves
 * is one round trip per request; a mall's requests come from few distributors.
 */
const knownDistributors = new Map<string, DistributorAuth>();
const MAX_CACHED_DISTRIBUTORS = 10_000;

async function distributorFor(client: postgres.Sql, code: string, appKey: string, fresh: boolean): Promise<DistributorAuth> {
  const cacheKey = `${code}\n${appKey}`;
  const cached = fresh ? undefined : knownDistributors.get(cacheKey);
  if (cached) return cached;
  const [row] = await loadDistributor(client, [code, appKey]);
  if (!row) {
    knownDistributors.delete(cacheKey);
    throw unauthenticated('Unknown distributor code or app key');
  }
  // drizzle leaves timestamps as text on the shared pool; we read them ourselves.
  const d = { ...row, previousSecretExpiresAt: row.previousSecretExpiresAt && new Date(row.previousSecretExpiresAt) };
  if (knownDistributors.size >= MAX_CACHED_DISTRIBUTORS) knownDistributors.clear();
  knownDistributors.set(cacheKey, d);
  return d;
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
  const { admit, ...verified } = await authenticateMallRequest(db, request);
  await admit();
  return verified;
}

export type AuthenticatedRequest = VerifiedRequest & {
  /**
   * The admission (nonce, rate limit, and the distributor as it is now), still to be done,
   * so that a handler can start its own first statements beside it. Done once however
   * often it is called.
   */
  admit(): Promise<void>;
  /**
   * The admission with a read in its own statement (rate-limit.ts, `admitAndRead`): the
   * read's answer once admitted, else the refusal. Counts as the admission: `admit()`
   * afterwards gives its outcome.
   */
  admitWith<Item, Out>(read: AdmittedRead<Item, Out>, item: Item): Promise<Out>;
};

/** `verifyMallRequest` up to the admission, which the caller runs (see `admit`). */
export async function authenticateMallRequest(db: Db, request: Request): Promise<AuthenticatedRequest> {
  const body = await readBodyWithLimit(request);
  const h = readSignatureHeaders(request.headers);
  const pool = poolOf(db);

  let d = await distributorFor(pool, h.code, h.appKey, false);
  try {
    checkRequest(request, h, body, d);
  } catch {
    // Perhaps refused on what we knew before a rotation, a whitelist edit or re-enabling: ask again.
    d = await distributorFor(pool, h.code, h.appKey, true);
    checkRequest(request, h, body, d);
  }
  const verified = d;
  const distributor = { id: d.id, code: d.code, levelId: d.levelId, feeBps: d.feeBps, selectionMode: d.selectionMode, sandbox: d.sandbox };
  let admission: Promise<void> | undefined;
  const settle = async (admitted: Admission) => {
    if (admitted.fingerprint !== verified.fingerprint) {
      // Changed since we cached it (disabled, rotated, moved): verify again on the row as it is.
      const fresh = await distributorFor(pool, h.code, h.appKey, true);
      checkRequest(request, h, body, fresh);
      // Test mode as it is now: the order door reads it after the admission (domain/sandbox).
      distributor.sandbox = fresh.sandbox;
    }
    admitted.enforce();
  };
  const ticket = { distributorId: verified.id, nonce: h.nonce, signedAt: Number(h.timestamp) };

  // Methods rather than arrow functions: the server runs through tsx, which names every
  // arrow function a property holds anew each time it is made (a defineProperty per request).
  return {
    ctx: { db, actor: { kind: 'mall', distributorId: d.id } },
    rawBody: body,
    distributor,
    admit() {
      return (admission ??= admitRequest(pool, ticket.distributorId, ticket.nonce, ticket.signedAt).then(settle));
    },
    async admitWith<Item, Out>(read: AdmittedRead<Item, Out>, item: Item): Promise<Out> {
      if (admission) throw new Error('admitWith: this request is admitted already');
      const outcome = admitAndRead(pool, ticket, read, item);
      admission = outcome.then((o) => settle(o.admission));
      await admission;
      // Admitted, so the statement read the answer.
      return (await outcome).answer as Out;
    },
  };
}

/**
 * What verification works out per distributor and remembers with its cached row (a fresh
 * row starts afresh): which client addresses its whitelist admits, and its secrets in plain
 * (decrypting them is a tenth of a signed read's work; they are no safer encrypted in this
 * process's memory, beside the key), with each one's HMAC key made once.
 */
type Remembered = { admits: Map<string, boolean>; plain: Map<string, string>; keys: Map<string, KeyObject> };
const remembered = new WeakMap<DistributorAuth, Remembered>();
const MAX_REMEMBERED_ADDRESSES = 1000;

function rememberedFor(d: DistributorAuth): Remembered {
  let r = remembered.get(d);
  if (!r) remembered.set(d, (r = { admits: new Map(), plain: new Map(), keys: new Map() }));
  return r;
}

function whitelistAdmits(d: DistributorAuth, ip: string): boolean {
  const { admits } = rememberedFor(d);
  let ok = admits.get(ip);
  if (ok === undefined) {
    ok = ipInRanges(ip, d.ipWhitelist);
    if (admits.size >= MAX_REMEMBERED_ADDRESSES) admits.clear();
    admits.set(ip, ok);
  }
  return ok;
}

function decryptOnce(d: DistributorAuth) {
  const { plain } = rememberedFor(d);
  return (ciphertext: string) => {
    let secret = plain.get(ciphertext);
    if (secret === undefined) plain.set(ciphertext, (secret = decryptSecret(ciphertext)));
    return secret;
  };
}

/** The secret as an HMAC key (its UTF-8 bytes, as `computeSignature` would take the text). */
function signingKey(d: DistributorAuth, secret: string): KeyObject {
  const { keys } = rememberedFor(d);
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

/** Everything about the request that needs no writing: whitelist, clock, signature, status. */
function checkRequest(request: Request, h: ReturnType<typeof readSignatureHeaders>, body: Buffer, d: DistributorAuth): void {
  // The address our own server saw (socket, or trusted proxies only): never a header the client wrote.
  const ip = clientIpFromHeaders(request.headers);
  if (!ip || !whitelistAdmits(d, ip)) {
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
    pathAndQuery: requestTargetFrom(request),
    timestamp: h.timestamp,
    nonce: h.nonce,
    bodySha256: sha256Hex(body),
  };
  const secrets = validApiSecrets(d, new Date(), decryptOnce(d));
  // Check every valid secret, so the time taken does not tell which one matched.
  const matches = secrets.map((secret) => signaturesEqual(computeSignature(signingKey(d, secret), parts), h.signature));
  if (!matches.includes(true)) {
    throw new DomainError('BAD_SIGNATURE', 'The signature does not match the request (check the string to sign: method, path and query as sent, timestamp, nonce, body SHA-256)');
  }

  if (d.status !== 'active') throw new DomainError('DISTRIBUTOR_DISABLED', 'This distributor is disabled');
}
