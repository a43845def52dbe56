import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { MallClient } from '@/mall-client';
import type { Db } from '@/server/db/client';
import { distributorCategories, distributors } from '@/server/db/schema';
import { CLIENT_IP_HEADER, INTERNAL_TOKEN_HEADER } from '@/server/http/client-ip';
import { matchOpenApiRoute } from '@/server/open-api/direct';
import { REQUEST_TARGET_HEADER } from '@/server/http/request-target';
import { testDb } from '@tests/support/db';
import { createDistributorAccount } from '@tests/support/factories';

/**
 * The open API in-process: requests go through the real route handlers (verification,
 * parsing, domain verbs, error adapter) without an HTTP server, as our start script would
 * pass them on: with the socket's address and the raw request target vouched for by the
 * per-process token. Tests over real HTTP use startAppServer instead.
 */
process.env.HUB_INTERNAL_TOKEN ??= randomBytes(16).toString('hex');

export const BASE_URL = 'http://hub.test';

/** A fetch that hands requests to the route handlers, as if they came from `clientIp`. */
export function inProcessFetch(options: { clientIp?: string | null } = {}): typeof fetch {
  const clientIp = options.clientIp === undefined ? '127.0.0.1' : options.clientIp;
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const target = url.pathname + url.search;
    // The production server's own table of routes, so that every endpoint it serves is here.
    const { module, params } = matchOpenApiRoute(url.pathname);
    const handler = module[request.method as 'GET' | 'POST'];
    if (!handler) return new Response(null, { status: 405 });
    const headers = new Headers(request.headers);
    headers.set(INTERNAL_TOKEN_HEADER, process.env.HUB_INTERNAL_TOKEN!);
    headers.set(REQUEST_TARGET_HEADER, target);
    if (clientIp) headers.set(CLIENT_IP_HEADER, clientIp);
    else headers.delete(CLIENT_IP_HEADER);
    const body = request.method === 'GET' ? undefined : Buffer.from(await request.arrayBuffer());
    return handler(new Request(url, { method: request.method, headers, body }), { params: Promise.resolve(params) });
  }) as typeof fetch;
}

export type Mall = Awaited<ReturnType<typeof createMall>>;

/**
 * A distributor with a balance, selecting every category by default, and a MallClient
 * signed with its credentials (no retries: tests want to see every answer).
 */
export async function createMall(
  db: Db = testDb(),
  opts: Parameters<typeof createDistributorAccount>[1] & { selectCategoryIds?: number[]; clientIp?: string | null } = {},
) {
  const account = await createDistributorAccount(db, { balance: 1_000_000, ...opts });
  if (opts.selectCategoryIds?.length) {
    await db.insert(distributorCategories).values(opts.selectCategoryIds.map((categoryId) => ({ distributorId: account.distributorId, categoryId })));
  }
  const credentials = { distributorCode: account.code, appKey: account.appKey, secret: account.secret };
  const client = new MallClient({ ...credentials, baseUrl: BASE_URL, retries: 0, fetch: inProcessFetch({ clientIp: opts.clientIp }) });
  return { ...account, credentials, client, mallCtx: { db, actor: { kind: 'mall' as const, distributorId: account.distributorId } } };
}

/** Sends a raw request through the in-process handlers, for tests that craft headers themselves. */
export function rawFetch(path: string, init: RequestInit & { clientIp?: string | null } = {}) {
  return inProcessFetch({ clientIp: init.clientIp })(BASE_URL + path, init);
}

export const RECEIVER = { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号' };

export async function setDistributor(db: Db, distributorId: number, values: Partial<typeof distributors.$inferInsert>) {
  await db.update(distributors).set(values).where(eq(distributors.id, distributorId));
}

/** A mall's callback endpoint: records what it receives and answers with `status`. */
export async function startReceiver() {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'mall is down');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    answer: (s: number) => (status = s),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
