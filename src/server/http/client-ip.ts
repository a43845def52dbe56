/**
 * The client's address as the app's own HTTP server (scripts/start.ts) saw it on the
 * socket, or derived from X-Forwarded-For through trusted proxies only (lib/ip.ts).
 * Route handlers cannot see the socket, so the server passes the address in a header
 * together with a per-process token: a header a client forged lacks the token and is
 * ignored. Without the token (the app not started through our server) the address is
 * unknown, and whitelists admit nobody.
 */
export const CLIENT_IP_HEADER = 'x-hub-client-ip';
export const INTERNAL_TOKEN_HEADER = 'x-hub-internal-token';

export function clientIpFromHeaders(headers: Headers): string | null {
  const token = process.env.HUB_INTERNAL_TOKEN;
  if (!token || headers.get(INTERNAL_TOKEN_HEADER) !== token) return null;
  return headers.get(CLIENT_IP_HEADER);
}
