import { ZodError } from 'zod';
import { JsonBytes, JsonText } from '@/lib/json-text';
import { DomainError, type ErrorCode } from '@/server/domain/errors';

/**
 * The open API's one error adapter: every failure of every endpoint becomes
 * `{"error": {"code", "message", "details"}}` with the status of docs/open-api.md. Bad input
 * is always a 4xx; anything unexpected is a 500 that says nothing about our insides
 * (the cause goes to the server log, never to the mall).
 */

export type ErrorBody = { error: { code: ErrorCode | 'INTERNAL_ERROR'; message: string; details: Record<string, unknown> } };

const NO_STORE = { 'cache-control': 'no-store' };

export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    const headers: Record<string, string> = { ...NO_STORE };
    if (error.code === 'RATE_LIMITED' && typeof error.details?.retryAfterSeconds === 'number') {
      headers['retry-after'] = String(error.details.retryAfterSeconds);
    }
    return envelope(error.httpStatus, error.code, error.message, error.details ?? {}, headers);
  }
  if (error instanceof ZodError) {
    return envelope(400, 'INVALID_REQUEST', 'The request has invalid fields', { fields: zodFieldErrors(error) });
  }
  console.error('[open-api] unexpected error', error);
  return envelope(500, 'INTERNAL_ERROR', 'The hub could not process the request; it is safe to retry', {});
}

function envelope(status: number, code: ErrorBody['error']['code'], message: string, details: Record<string, unknown>, headers: Record<string, string> = NO_STORE) {
  const body: ErrorBody = { error: { code, message, details } };
  return Response.json(body, { status, headers });
}

/** `{ "items[0].quantity": "Too small: expected number to be >=1", … }`: each bad field by its path. */
export function zodFieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = fieldPath(issue.path);
    fields[path || '(body)'] ??= issue.message;
  }
  return fields;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

export function dataResponse(data: unknown, status = 200): Response {
  if (data instanceof JsonText) {
    // Our own server writes the text itself (`bytesOfAnswer`) rather than read it back out of
    // the Response's body stream: the read cost as much as the rest of the answer.
    const text = `{"data":${data.text}}`;
    const response = new Response(text, { status, headers: JSON_NO_STORE });
    answerBytes.set(response, text);
    return response;
  }
  return Response.json({ data }, { status, headers: NO_STORE });
}

const JSON_NO_STORE = { ...NO_STORE, 'content-type': 'application/json' };

/**
 * An answer already serialised whole (`{"data": …}` and the rest of the envelope), written
 * out as it is. Our own HTTP server (open-api/direct.ts) takes the bytes themselves
 * (`bytesOfAnswer`); the body stream, which would copy them twice on the way (into the
 * Response, then out of it), is only read when the answer goes another way (Next.js, tests).
 */
export function jsonResponse(body: JsonBytes<{ data: unknown }>): Response {
  const bytes = body.bytes;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const response = new Response(stream, { headers: JSON_NO_STORE });
  answerBytes.set(response, bytes);
  return response;
}

const answerBytes = new WeakMap<Response, Buffer | string>();

/**
 * The body of an answer made by `jsonResponse` (bytes) or by `dataResponse` of a `JsonText`
 * (text), for a server that writes it to the socket itself.
 */
export function bytesOfAnswer(response: Response): Buffer | string | undefined {
  return answerBytes.get(response);
}

export function listResponse(data: unknown[], nextCursor: string | null): Response {
  return Response.json({ data, nextCursor }, { headers: NO_STORE });
}
