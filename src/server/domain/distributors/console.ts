import { createHmac } from 'node:crypto';
import { and, desc, eq, gte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { computeSignature, NONCE_PATTERN, sha256Hex, stringToSign, type SignatureParts } from '@/mall-client/signing';
import { decryptSecret } from '@/lib/crypto';
import { apiRequestLog, distributors } from '@/server/db/schema';
import type { DistributorCtx } from '../context';
import { invalidState, notFound } from '../errors';
import { newEventId } from '../events/outbox';
import { postCallback, signatureHeaders } from '../events/delivery';
import { pageInput, pageOf } from '../paging';
import { validWebhookSecrets } from './credentials';

/**
 * The distributor's self-test console (接口自测): send a signed test event to its callback
 * URL, check a signature its mall computed, and read the last requests the hub received
 * with its code. A distributor's own only: the session decides which distributor.
 *
 * The signature check computes HMACs with the distributor's API secret for whatever is
 * pasted. That reveals nothing the same portal user cannot have already: the binding page
 * lets them issue a new secret and read it.
 */

const TIMESTAMP_TOLERANCE_SECONDS = 300;

async function ownDistributor(ctx: DistributorCtx) {
  const [row] = await ctx.db.select().from(distributors).where(eq(distributors.id, ctx.actor.distributorId));
  if (!row) throw notFound('Distributor');
  return row;
}

/**
 * POSTs a `ping` event to the callback URL, signed exactly like every callback (Standard
 * Webhooks, with every valid webhook secret), through the same guarded delivery (https,
 * the resolved address checked, no redirects, 15 s), and reports the mall's answer. It is
 * sent even while the endpoint is disabled, so a mall can be tested before it is enabled
 * again; it is not an event of the feed and is never retried.
 */
export async function sendTestEvent(ctx: DistributorCtx) {
  const d = await ownDistributor(ctx);
  if (!d.callbackUrl) throw invalidState('No callback URL is set: set one on the API binding page first', { field: 'callbackUrl' });
  const at = new Date();
  const event = { id: newEventId(), type: 'ping', createdAt: at.toISOString(), data: { distributorCode: d.code, message: 'A test event from the self-test console' } };
  const body = JSON.stringify(event);
  const headers = signatureHeaders(event.id, body, validWebhookSecrets(d), at);
  const attempt = await postCallback(d.callbackUrl, body, headers);
  return {
    url: d.callbackUrl,
    eventId: event.id,
    body,
    headers: { 'webhook-id': headers['webhook-id'], 'webhook-timestamp': headers['webhook-timestamp'], 'webhook-signature': headers['webhook-signature'] },
    delivered: attempt.httpStatus !== null && attempt.httpStatus >= 200 && attempt.httpStatus < 300,
    ...attempt,
  };
}

export const checkSignatureInput = z.strictObject({
  method: z.string().trim().min(1).max(10),
  pathAndQuery: z.string().min(1).max(4000),
  timestamp: z.string().trim().max(20),
  nonce: z.string().trim().max(100),
  body: z.string().max(1_048_576),
  signature: z.string().trim().max(200),
  /** The string the mall signed, if it can print it: compared line by line. */
  stringToSign: z.string().max(10_000).optional(),
});

const LINE_NAMES = ['METHOD', 'PATH_AND_QUERY', 'TIMESTAMP', 'NONCE', 'BODY_SHA256'] as const;

/** The mistakes seen most, each a change of what was signed that can be recomputed. */
const LIKELY_MISTAKES: { hint: string; change: (p: SignatureParts, body: string) => string }[] = [
  { hint: 'bodyNotHashed', change: (p, body) => [p.method.toUpperCase(), p.pathAndQuery, p.timestamp, p.nonce, body].join('\n') },
  { hint: 'emptyBodyHashed', change: (p) => stringToSign({ ...p, bodySha256: sha256Hex('') }) },
  { hint: 'pathWithoutQuery', change: (p) => stringToSign({ ...p, pathAndQuery: p.pathAndQuery.split('?')[0] }) },
  { hint: 'pathWithoutPrefix', change: (p) => stringToSign({ ...p, pathAndQuery: p.pathAndQuery.replace(/^\/api\/open\/v1/, '') }) },
  { hint: 'methodLowercase', change: (p) => stringToSign(p).replace(/^[A-Z]+/, p.method.toLowerCase()) },
  { hint: 'trailingNewline', change: (p) => `${stringToSign(p)}\n` },
  { hint: 'crlf', change: (p) => stringToSign(p).replace(/\n/g, '\r\n') },
];

/**
 * Checks a signature the mall computed: the string to sign from the pasted request, the
 * signature the hub expects (with the current secret, and the previous one while it is
 * still valid), where the mall's differs, and which common mistake explains it.
 */
export async function checkSignature(ctx: DistributorCtx, input: z.output<typeof checkSignatureInput>) {
  const d = await ownDistributor(ctx);
  const now = Date.now();
  const current = decryptSecret(d.secretCiphertext);
  const previous = d.previousSecretCiphertext ? decryptSecret(d.previousSecretCiphertext) : null;
  const previousValid = previous !== null && d.previousSecretExpiresAt !== null && d.previousSecretExpiresAt.getTime() > now;
  const parts: SignatureParts = { method: input.method, pathAndQuery: input.pathAndQuery, timestamp: input.timestamp, nonce: input.nonce, bodySha256: sha256Hex(input.body) };
  const expectedString = stringToSign(parts);
  const expected = computeSignature(current, parts);
  const given = input.signature;

  let matched: 'current' | 'previous' | 'expiredPrevious' | null = null;
  if (given === expected) matched = 'current';
  else if (previous && given === computeSignature(previous, parts)) matched = previousValid ? 'previous' : 'expiredPrevious';

  const notes: string[] = [];
  if (/^[0-9A-F]{64}$/.test(given) && given.toLowerCase() === expected) notes.push('uppercaseHex');
  else if (!/^[0-9a-f]{64}$/.test(given)) notes.push(/^[A-Za-z0-9+/]{43}=$/.test(given) ? 'base64Signature' : 'signatureFormat');
  if (!/^\d{1,12}$/.test(input.timestamp)) notes.push(input.timestamp.length >= 13 && /^\d+$/.test(input.timestamp) ? 'timestampMillis' : 'timestampFormat');
  else if (Math.abs(now / 1000 - Number(input.timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) notes.push('timestampSkew');
  if (!NONCE_PATTERN.test(input.nonce)) notes.push('nonceFormat');
  if (input.method !== input.method.toUpperCase()) notes.push('methodCase');

  let hint: string | null = null;
  if (!matched) {
    for (const secret of [current, ...(previous ? [previous] : [])]) {
      const found = LIKELY_MISTAKES.find((m) => hmacHex(secret, m.change(parts, input.body)) === given.toLowerCase());
      if (found) {
        hint = found.hint;
        break;
      }
    }
  }

  const lines = input.stringToSign?.replace(/\r\n/g, '\n').split('\n');
  const expectedLines = expectedString.split('\n');
  const lineDiff = lines
    ? LINE_NAMES.map((name, i) => ({ name, expected: expectedLines[i], given: lines[i] ?? '', same: lines[i] === expectedLines[i] })).concat(
        lines.length > LINE_NAMES.length ? [{ name: 'EXTRA' as never, expected: '', given: lines.slice(LINE_NAMES.length).join('\\n'), same: false }] : [],
      )
    : null;
  const firstDifference = matched ? null : [...expected].findIndex((c, i) => given[i] !== c);

  return {
    stringToSign: expectedString,
    bodySha256: parts.bodySha256,
    expected,
    given,
    matches: matched === 'current' || matched === 'previous',
    matched,
    firstDifference,
    hint,
    notes,
    lineDiff,
  };
}

/** HMAC-SHA256 of any text, lowercase hex: what a mall computes, whatever it put in the text. */
function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

export const recentRequestsInput = pageInput.extend({ refusedOnly: z.boolean().optional() });

/** The last requests the hub received with this distributor's code, newest first (request-log.ts). */
export async function listRecentRequests(ctx: DistributorCtx, input: z.output<typeof recentRequestsInput>) {
  const d = await ownDistributor(ctx);
  const where: SQL | undefined = and(eq(apiRequestLog.distributorCode, d.code), input.refusedOnly ? gte(apiRequestLog.status, 400) : undefined);
  const query = ctx.db.select().from(apiRequestLog).where(where).orderBy(desc(apiRequestLog.id)).$dynamic();
  return pageOf(ctx.db, input, query, apiRequestLog, where);
}
