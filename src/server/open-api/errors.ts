import { ZodError } from 'zod';
import { asciiJson, type JsonBytes } from '@/lib/json-text';
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
  return json(body, status, headers);
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
  return json({ data }, status);
}

/** Every answer of the open API is JSON in ASCII (`asciiJson`, docs/open-api.md "Responses and errors"). */
function json(body: unknown, status = 200, headers: Record<string, string> = NO_STORE): Response {
  return new Response(asciiJson(body), { status, headers: { ...headers, 'content-type': 'application/json' } });
}

const JSON_NO_STORE = { ...NO_STORE, 'content-type': 'application/json' };

/** An answer already serialised whole (`{"data": …}` and the rest of the envelope), written out as it is (`ReadyAnswer`). */
export function jsonResponse(body: JsonBytes<{ data: unknown }>): Response {
  return new ReadyAnswer(body.bytes);
}

/**
 * A JSON answer whose bytes are ready. Our own HTTP server (open-api/direct.ts) writes
 * them to the socket as they are (`bytesOfAnswer`), so the web body stream that a
 * Response carries is made only if something else reads the body (Next.js in `npm run
 * dev`, tests): making it was 12 µs of the one app thread and 4 kB of garbage per answer,
 * on the open API's hottest reads (BENCHMARKS.md), and reading the answer back out of it
 * would copy it twice more.
 */
class ReadyAnswer extends Response {
  #readable: Response | undefined;

  constructor(readonly payload: Buffer) {
    super(null, { headers: JSON_NO_STORE });
  }

  /** The same answer with its body stream, made on first use. */
  get #withBody(): Response {
    return (this.#readable ??= new Response(new Uint8Array(this.payload), { status: this.status, headers: this.headers }));
  }

  override get body() {
    return this.#withBody.body;
  }
  override get bodyUsed() {
    return this.#readable?.bodyUsed ?? false;
  }
  override text() {
    return this.#withBody.text();
  }
  override json() {
    return this.#withBody.json();
  }
  override arrayBuffer() {
    return this.#withBody.arrayBuffer();
  }
  override blob() {
    return this.#withBody.blob();
  }
  override formData() {
    return this.#withBody.formData();
  }
  override bytes() {
    return this.#withBody.bytes();
  }
  override clone(): Response {
    return this.#withBody.clone();
  }
}

/** The body of an answer made by `jsonResponse`, for a server that writes it to the socket itself. */
export function bytesOfAnswer(response: Response): Buffer | undefined {
  return response instanceof ReadyAnswer ? response.payload : undefined;
}

export function listResponse(data: unknown[], nextCursor: string | null): Response {
  return json({ data, nextCursor });
}
