import type { IncomingMessage, ServerResponse } from 'node:http';
import * as balance from '@/app/api/open/v1/balance/route';
import * as brands from '@/app/api/open/v1/brands/route';
import * as categories from '@/app/api/open/v1/categories/route';
import * as events from '@/app/api/open/v1/events/route';
import * as openapiDocument from '@/app/api/open/v1/openapi.json/route';
import * as orderCancel from '@/app/api/open/v1/orders/[orderNo]/cancel/route';
import * as orderConfirmReceipt from '@/app/api/open/v1/orders/[orderNo]/confirm-receipt/route';
import * as orderPay from '@/app/api/open/v1/orders/[orderNo]/pay/route';
import * as orderRefund from '@/app/api/open/v1/orders/[orderNo]/refund/route';
import * as order from '@/app/api/open/v1/orders/[orderNo]/route';
import * as ordersIndex from '@/app/api/open/v1/orders/route';
import * as product from '@/app/api/open/v1/products/[id]/route';
import * as productsIndex from '@/app/api/open/v1/products/route';
import * as stock from '@/app/api/open/v1/stock/route';
import * as notAnEndpoint from '@/app/api/open/v1/[...path]/route';
import * as health from '@/app/api/health/route';
import { bodiesReadByServer, MAX_BODY_BYTES } from './body';
import { returnMessageBuffer } from '@/server/db/connect';
import { bytesOfAnswer } from './errors';

/**
 * The open API served straight from our HTTP server (scripts/start.ts), past Next.js.
 *
 * Malls call the open API far more often than people open pages, and a flash sale sends
 * every order through it: Next.js's request handling costs about 1.3 ms of the one app
 * thread per request before our code starts (BENCHMARKS.md), more than the rest of a
 * catalog read. So the production server hands /api/open/v1/* to the very same route
 * handlers as the files under src/app/api/open/v1 (this table imports them), with the
 * same Web Request they would get from Next.js. The route files stay the one definition
 * of the API; `npm run dev` serves them through Next.js with hot reload.
 */

type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', RouteHandler>>;
type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;

const PREFIX = '/api/open/v1';

/** Path patterns as the folders name them; `:name` is a dynamic segment. */
const routes: { segments: string[]; module: RouteModule }[] = [
  ['balance', balance],
  ['brands', brands],
  ['categories', categories],
  ['events', events],
  ['openapi.json', openapiDocument],
  ['orders', ordersIndex],
  ['orders/:orderNo', order],
  ['orders/:orderNo/cancel', orderCancel],
  ['orders/:orderNo/confirm-receipt', orderConfirmReceipt],
  ['orders/:orderNo/pay', orderPay],
  ['orders/:orderNo/refund', orderRefund],
  ['products', productsIndex],
  ['products/:id', product],
  ['stock', stock],
].map(([pattern, module]) => ({ segments: (pattern as string).split('/'), module: module as RouteModule }));

/**
 * The health route goes the same way, so that it measures what any request costs this
 * server up to the handler (BENCHMARKS.md compares signed reads with it).
 */
const HEALTH = '/api/health';

/** Whether our server answers this request target itself (the open API, the health route). */
export function isOpenApiPath(target: string): boolean {
  return target === PREFIX || target.startsWith(`${PREFIX}/`) || target.startsWith(`${PREFIX}?`) || target === HEALTH || target.startsWith(`${HEALTH}?`);
}

/**
 * Finds the route for a path under /api/open/v1 and its dynamic segments, decoded as
 * Next.js does (tests hand requests to the handlers through this too).
 */
export function matchOpenApiRoute(pathname: string): { module: RouteModule; params: Record<string, string> } {
  const fixed = fixedPaths.get(pathname);
  if (fixed) return { module: fixed, params: {} };
  const rest = pathname.slice(PREFIX.length).split('/').filter(Boolean);
  for (const route of routes) {
    if (route.segments.length !== rest.length) continue;
    const params: Record<string, string> = {};
    const fits = route.segments.every((segment, i) => {
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = safeDecode(rest[i]);
        return true;
      }
      return segment === rest[i];
    });
    if (fits) return { module: route.module, params };
  }
  return { module: notAnEndpoint as RouteModule, params: {} };
}

/** The routes without dynamic segments, and the health route, by their whole path: found without matching segments. */
const fixedPaths = new Map<string, RouteModule>([
  [HEALTH, health as RouteModule],
  ...routes.filter((route) => !route.segments.some((segment) => segment.startsWith(':'))).map((route) => [`${PREFIX}/${route.segments.join('/')}`, route.module] as const),
]);

function safeDecode(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Serves one open-API request. `headers` are the request's headers with the server's own
 * (client address, request target, internal token) already set, as for Next.js.
 */
export async function serveOpenApi(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const { module, params } = matchOpenApiRoute(url.pathname);
    const handler = module[(method === 'HEAD' ? 'GET' : method) as keyof RouteModule];
    if (!handler) {
      res.writeHead(405, { allow: Object.keys(module).join(', '), 'cache-control': 'no-store' }).end();
      return;
    }
    const { body, overLimit } = method === 'GET' || method === 'HEAD' ? { body: undefined, overLimit: false } : await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const request = new Request(url, { method, headers });
    if (body) bodiesReadByServer.set(request, body);
    const response = await handler(request, { params: Promise.resolve(params) });
    const ready = bytesOfAnswer(response);
    const payload = ready ?? Buffer.from(await response.arrayBuffer());
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    out['content-length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length);
    // A body over the limit was not read to its end: the connection cannot carry another request.
    if (overLimit) out.connection = 'close';
    // A ready answer's bytes may lie in a buffer lent by the database connection (a catalog
    // page): given back once the socket has taken them all, never before ('finish'; a
    // connection that fails first leaves the buffer to the garbage collector).
    if (ready) res.once('finish', () => returnMessageBuffer(ready));
    res.writeHead(response.status, out).end(method === 'HEAD' ? undefined : payload);
    if (overLimit) req.destroy();
  } catch (error) {
    console.error('[open-api] could not serve the request', error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'The hub could not process the request; it is safe to retry', details: {} } }));
  }
}

/**
 * The body's bytes, read until one byte past the 1 MiB limit at most: the route's own
 * check (open-api/body.ts) then answers 413, and an endless body costs us no more.
 */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; overLimit: boolean }> {
  // Declared too large: refused by the route on the header alone, so read none of it.
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.resolve({ body: Buffer.alloc(0), overLimit: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause();
        resolve({ body: Buffer.concat(chunks), overLimit: true });
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve({ body: Buffer.concat(chunks), overLimit: false }));
    req.once('error', reject);
  });
}
