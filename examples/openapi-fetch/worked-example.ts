/**
 * A mall's client generated from the hub's OpenAPI document, as a mall developer would
 * make one: `openapi-typescript` turns /api/open/v1/openapi.json into `schema.d.ts`, and
 * `openapi-fetch` calls the hub with those types. One middleware signs every request
 * (docs/open-api.md, 签名); the rest is typed: paths, parameters, bodies, answers, errors.
 *
 *   npx openapi-typescript https://your-hub/api/open/v1/openapi.json -o schema.d.ts
 *
 * `playWorkedExample` is the worked example of docs/open-api.md: sync the catalog, order
 * DEMO-A × 2 (stock 100 → 98), pay it (21.00 debited), read the balance.
 * tests/open-api/generated-client.test.ts runs it against the hub.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { signRequest, type Credentials } from '../../src/mall-client/signing';
import type { components, paths } from './schema';

export type Product = components['schemas']['Product'];
export type Order = components['schemas']['Order'];
export type HubError = components['schemas']['Error']['error'];

/** Signs each request: method, the path and query exactly as sent, and the body's bytes. */
export function signingMiddleware(credentials: Credentials): Middleware {
  return {
    async onRequest({ request }) {
      const url = new URL(request.url);
      const body = request.method === 'GET' ? '' : new Uint8Array(await request.clone().arrayBuffer());
      const headers = signRequest(credentials, { method: request.method, pathAndQuery: url.pathname + url.search, body });
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return request;
    },
  };
}

export function hubClient(options: { baseUrl: string; credentials: Credentials; fetch?: typeof fetch }) {
  const client = createClient<paths>({ baseUrl: `${options.baseUrl.replace(/\/$/, '')}/api/open/v1`, fetch: options.fetch });
  client.use(signingMiddleware(options.credentials));
  return client;
}

/** A failed call: the contract's code and details, typed. */
export class HubCallError extends Error {
  constructor(
    readonly status: number,
    readonly error: HubError,
  ) {
    super(`${status} ${error.code}: ${error.message}`);
  }
}

function must<T>(result: { data?: T; error?: { error: HubError }; response: Response }): T {
  if (result.error) throw new HubCallError(result.response.status, result.error.error);
  return result.data as T;
}

export type WorkedExampleResult = {
  product: Product;
  order: Order;
  created: boolean;
  stockBefore: number;
  stockAfter: number;
  paid: Order;
  balanceBefore: number;
  balanceAfter: number;
  /** Cancelling the paid order: refused with 409 INVALID_STATE. */
  cancelAfterPay: { status: number; error?: HubError };
};

export async function playWorkedExample(client: ReturnType<typeof hubClient>, mallOrderNo: string): Promise<WorkedExampleResult> {
  // 1. Full sync, page after page, until nextCursor is null.
  const products: Product[] = [];
  let cursor: string | undefined;
  do {
    const page = must(await client.GET('/products', { params: { query: { limit: 50, cursor } } }));
    products.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const product = products.find((p) => p.skuCode === 'DEMO-A');
  if (!product) throw new Error('DEMO-A is not offered to this distributor');

  // 2. The order: mallOrderNo is the idempotency key, so a retry never makes a second one.
  const createdResult = await client.POST('/orders', {
    body: {
      mallOrderNo,
      items: [{ skuCode: product.skuCode, quantity: 2 }],
      receiver: { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号' },
    },
  });
  const order = must(createdResult).data;
  const [level] = must(await client.POST('/stock', { body: { productIds: [product.id] } })).data;

  // 3. The mall's user paid: debit the balance.
  const balanceBefore = must(await client.GET('/balance')).data.balance;
  const paid = must(await client.POST('/orders/{orderNo}/pay', { params: { path: { orderNo: order.orderNo } } })).data;
  const balanceAfter = must(await client.GET('/balance')).data.balance;

  // A step the order's state forbids is a typed error: cancelling a paid order is 409 INVALID_STATE.
  const refused = await client.POST('/orders/{orderNo}/cancel', { params: { path: { orderNo: order.orderNo } } });
  return {
    product,
    order,
    created: createdResult.response.status === 201,
    stockBefore: product.stock,
    stockAfter: level.stock,
    paid,
    balanceBefore,
    balanceAfter,
    cancelAfterPay: { status: refused.response.status, error: refused.error?.error },
  };
}
