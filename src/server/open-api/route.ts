import type { z } from 'zod';
import { getDb } from '@/server/db';
import { DomainError } from '@/server/domain/errors';
import { errorResponse } from './errors';
import { logOpenApiRequest } from './request-log';
import { authenticateMallRequest, verifyMallRequest, type AuthenticatedRequest, type VerifiedRequest } from './verify';

type Schema = z.ZodType;
type Spec = { path: string; params?: Schema; query?: Schema; body?: Schema; bodyAsIs?: (value: unknown) => boolean };
type Parsed<S> = S extends Schema ? z.output<S> : undefined;

export type OpenApiInput<E extends Spec> = VerifiedRequest & { params: Parsed<E['params']>; query: Parsed<E['query']>; body: Parsed<E['body']> };

/**
 * For a handler whose first read goes in the admission's own statement (see
 * `openApiAdmittedReadRoute`), or that admits the request alone (`admit`) when it has none.
 */
export type AdmittedReadInput<E extends Spec> = OpenApiInput<E> & Pick<AuthenticatedRequest, 'admit' | 'admitWith'>;

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/**
 * The door of every open-API endpoint: verify the signed request, parse the path, query
 * and body with the endpoint's zod schemas (the same ones the OpenAPI document shows),
 * call the handler (one domain verb), and turn any failure into the error envelope in
 * one place.
 */
export function openApiRoute<E extends Spec>(spec: E, handler: (input: OpenApiInput<E>) => Promise<Response>) {
  return logged(async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const verified = await verifyMallRequest(getDb(), request);
      return await handler({ ...verified, ...(await parseInput(spec, request, context, verified.rawBody)) } as OpenApiInput<E>);
    } catch (error) {
      return errorResponse(error);
    }
  });
}

/**
 * `openApiRoute` for a handler that only reads: it starts beside the request's admission
 * (nonce, rate limit: a batch of its own, open-api/rate-limit.ts) instead of after it, so
 * the two round trips overlap. The answer still waits for the admission, and a refusal
 * wins over any other answer: a refused request learns nothing and changes nothing.
 */
export function openApiReadRoute<E extends Spec>(spec: E, handler: (input: OpenApiInput<E>) => Promise<Response>) {
  return logged(async (request: Request, context: RouteContext): Promise<Response> => {
    let admission: Promise<void> | undefined;
    try {
      const verified = await authenticateMallRequest(getDb(), request);
      admission = verified.admit();
      // Settled here too, so that a handler failing first leaves no rejection unhandled.
      admission.catch(() => {});
      const response = await handler({ ...verified, ...(await parseInput(spec, request, context, verified.rawBody)) } as OpenApiInput<E>);
      await admission;
      return response;
    } catch (error) {
      try {
        await admission;
      } catch (refusal) {
        return errorResponse(refusal);
      }
      return errorResponse(error);
    }
  });
}

/**
 * `openApiReadRoute` for a read sent in the admission's own statement (`admitWith`, one
 * round trip for both, the read done only if admitted: `POST /stock`, the hottest read, and
 * an order's planning reads, before it writes anything). A request whose input is refused
 * before the handler, or whose handler does not admit, is admitted alone all the same (it
 * spends its nonce and token), and a refusal still wins over any other answer.
 */
export function openApiAdmittedReadRoute<E extends Spec>(spec: E, handler: (input: AdmittedReadInput<E>) => Promise<Response>) {
  return logged(async (request: Request, context: RouteContext): Promise<Response> => {
    let verified: AuthenticatedRequest | undefined;
    try {
      verified = await authenticateMallRequest(getDb(), request);
      const response = await handler({ ...verified, ...(await parseInput(spec, request, context, verified.rawBody)) } as AdmittedReadInput<E>);
      await verified.admit();
      return response;
    } catch (error) {
      try {
        await verified?.admit();
      } catch (refusal) {
        return errorResponse(refusal);
      }
      return errorResponse(error);
    }
  });
}

/** Every answer is noted in the request log (request-log.ts: in memory, written in batches off this path). */
function logged(route: (request: Request, context: RouteContext) => Promise<Response>) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const startedAt = performance.now();
    const response = await route(request, context);
    logOpenApiRequest(request, response, startedAt);
    return response;
  };
}

async function parseInput(spec: Spec, request: Request, context: RouteContext, rawBody: Buffer) {
  const params = spec.params ? spec.params.parse(await context.params) : undefined;
  const query = spec.query ? spec.query.parse(queryObject(request.url)) : undefined;
  const body = spec.body ? parseBody(spec, jsonBody(rawBody)) : undefined;
  return { params, query, body };
}

function parseBody(spec: Spec, value: unknown) {
  return spec.bodyAsIs?.(value) ? value : spec.body!.parse(value);
}

/** The query string as an object; a parameter given twice is refused rather than guessed at. */
function queryObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(url).searchParams) {
    if (key in out) throw new DomainError('INVALID_REQUEST', `Query parameter ${key} is given more than once`, { fields: { [key]: 'given more than once' } });
    out[key] = value;
  }
  return out;
}

function jsonBody(raw: Buffer): unknown {
  if (raw.length === 0) throw new DomainError('INVALID_REQUEST', 'A JSON body is required', { fields: { '(body)': 'required' } });
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError('INVALID_REQUEST', 'The body is not valid JSON', { fields: { '(body)': 'not valid JSON' } });
  }
}
