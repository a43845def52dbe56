import { INTERNAL_TOKEN_HEADER } from './client-ip';

/**
 * The request target (path and query) exactly as the client sent it on the wire. Signed
 * requests cover it byte for byte, and URL parsing would re-encode some characters, so the
 * app's own HTTP server (scripts/start.ts) passes the raw target in a header, vouched for by
 * the same per-process token as the client address. Without the token, the parsed URL is
 * the best we have.
 */
export const REQUEST_TARGET_HEADER = 'x-hub-request-target';

export function requestTargetFrom(request: Pick<Request, 'headers' | 'url'>): string {
  const token = process.env.HUB_INTERNAL_TOKEN;
  const raw = request.headers.get(REQUEST_TARGET_HEADER);
  if (token && raw && request.headers.get(INTERNAL_TOKEN_HEADER) === token) return raw;
  // Only now: a Request writes its URL out anew each time it is asked.
  const parsed = new URL(request.url);
  return parsed.pathname + parsed.search;
}
