import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The security headers of every response, set by our HTTP server (scripts/start.ts) before
 * Next.js or the open API answers (a handler may still set its own, e.g. uploads' sandbox).
 *
 * The Content-Security-Policy carries a fresh nonce per request. Next.js reads the nonce
 * from the request's own Content-Security-Policy header while rendering and puts it on
 * every script it writes (its runtime, the page's chunks, React's inline payload): this is
 * what Next's documented proxy.ts does, done here because our server already stands in
 * front of every request, the open API included. Every page is rendered per request (the
 * layout reads the locale cookie), so every page gets its nonce.
 */
export const CSP_HEADER = 'content-security-policy';

export function contentSecurityPolicy(options: { nonce: string; dev: boolean; imageOrigin?: string }): string {
  return [
    `default-src 'self'`,
    // 'strict-dynamic': chunks that Next's nonce-bearing runtime loads are trusted too; React's dev tools need eval.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? ` 'unsafe-eval'` : ''}`,
    // Style sheets and <style> elements: our own, or bearing the nonce (an injected <style> cannot restyle a
    // page to mislead). Style attributes (React's style prop, recharts' charts) cannot carry a nonce, so they
    // are allowed on their own (CSP 3's style-src-attr); the dev server injects <style> elements for hot reload.
    options.dev ? `style-src 'self' 'unsafe-inline'` : `style-src 'self' 'nonce-${options.nonce}'`,
    `style-src-attr 'unsafe-inline'`,
    // Uploaded images are linked by PUBLIC_BASE_URL, which may differ from the address in the browser.
    `img-src 'self' data: blob:${options.imageOrigin ? ` ${options.imageOrigin}` : ''}`,
    `font-src 'self' data:`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** The headers that do not change per request. */
export function staticSecurityHeaders(production: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    // For browsers without CSP frame-ancestors.
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // Browsers honour it only over https; in development it would pin localhost to https.
    ...(production ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the headers on `res` and hands Next.js the policy on the request (replacing any
 * the client sent, so a client cannot choose the nonce).
 */
export function securityHeadersSetter(options: { dev: boolean; publicBaseUrl: string }) {
  const fixed = Object.entries(staticSecurityHeaders(!options.dev && process.env.NODE_ENV === 'production'));
  const imageOrigin = originOf(options.publicBaseUrl);
  return (req: IncomingMessage, res: ServerResponse) => {
    const policy = contentSecurityPolicy({ nonce: randomBytes(16).toString('base64'), dev: options.dev, imageOrigin });
    delete req.headers['content-security-policy-report-only'];
    req.headers[CSP_HEADER] = policy;
    res.setHeader(CSP_HEADER, policy);
    for (const [name, value] of fixed) res.setHeader(name, value);
  };
}
