import { signRequest, type Credentials } from './signing';
import type { Balance, Brand, Category, CreateOrderRequest, ErrorCode, HubEvent, Order, Page, Product, StockLevel } from './types';

/**
 * A typed client of the hub's open API for mall servers: it signs every request, pages
 * through lists, and retries what is safe to retry.
 *
 * Retries: a network failure, a 5xx, or a 429 (after its Retry-After) is tried again, as a
 * NEW request (new timestamp and nonce; a replayed nonce would be refused) with the same
 * body. That is safe for every endpoint: reads change nothing, order creation is
 * idempotent on `mallOrderNo`, and pay, cancel, refund and confirm-receipt answer 200 with
 * the order when repeated. 4xx answers other than 429 are never retried: they are final.
 */

export type MallClientOptions = Credentials & {
  /** The hub's base URL, e.g. https://hub.example.com (without /api/open/v1). */
  baseUrl: string;
  /** Retries after the first try (default 3). */
  retries?: number;
  /** Per-try timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Defaults to the global fetch; tests may route requests elsewhere. */
  fetch?: typeof fetch;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (info: { attempt: number; reason: string; delayMs: number }) => void;
};

export class OpenApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'OpenApiError';
  }
}

const API_PREFIX = '/api/open/v1';

type Query = Record<string, string | number | undefined | null>;

export type ListProductsQuery = { categoryId?: number; brandId?: number; updatedSince?: string; limit?: number; cursor?: string };

export class MallClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: MallClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  // --- catalog ---
  categories(): Promise<Category[]> {
    return this.data('GET', '/categories');
  }

  brands(): Promise<Brand[]> {
    return this.data('GET', '/brands');
  }

  /** One page of products; see `allProducts` to walk every page. */
  products(query: ListProductsQuery = {}): Promise<Page<Product>> {
    return this.send('GET', '/products', { query }) as Promise<Page<Product>>;
  }

  /** Every product of a (full or incremental) sync, page after page. */
  async *allProducts(query: Omit<ListProductsQuery, 'cursor'> = {}): AsyncGenerator<Product> {
    let cursor: string | undefined;
    do {
      const page = await this.products({ ...query, cursor });
      yield* page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  product(id: number): Promise<Product> {
    return this.data('GET', `/products/${id}`);
  }

  stock(productIds: number[]): Promise<StockLevel[]> {
    return this.data('POST', '/stock', { body: { productIds } });
  }

  // --- orders ---
  /** Creates an order, or returns the one this mallOrderNo already created (`created: false`). */
  async createOrder(request: CreateOrderRequest): Promise<{ order: Order; created: boolean }> {
    const { status, json } = await this.request('POST', '/orders', { body: request });
    return { order: (json as { data: Order }).data, created: status === 201 };
  }

  order(orderNo: string): Promise<Order> {
    return this.data('GET', `/orders/${encodeURIComponent(orderNo)}`);
  }

  orderByMallOrderNo(mallOrderNo: string): Promise<Order> {
    return this.data('GET', '/orders', { query: { mallOrderNo } });
  }

  pay(orderNo: string): Promise<Order> {
    return this.data('POST', `/orders/${encodeURIComponent(orderNo)}/pay`);
  }

  cancel(orderNo: string): Promise<Order> {
    return this.data('POST', `/orders/${encodeURIComponent(orderNo)}/cancel`);
  }

  refund(orderNo: string, reason: string): Promise<Order> {
    return this.data('POST', `/orders/${encodeURIComponent(orderNo)}/refund`, { body: { reason } });
  }

  confirmReceipt(orderNo: string): Promise<Order> {
    return this.data('POST', `/orders/${encodeURIComponent(orderNo)}/confirm-receipt`);
  }

  // --- money and events ---
  balance(): Promise<Balance> {
    return this.data('GET', '/balance');
  }

  /** One page of events after `cursor` (from the oldest when absent). Keep `nextCursor` for next time. */
  events(options: { cursor?: string; limit?: number } = {}): Promise<{ data: HubEvent[]; nextCursor: string }> {
    return this.send('GET', '/events', { query: options }) as Promise<{ data: HubEvent[]; nextCursor: string }>;
  }

  // --- plumbing ---
  private async data<T>(method: 'GET' | 'POST', path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    return ((await this.send(method, path, options)) as { data: T }).data;
  }

  private async send(method: 'GET' | 'POST', path: string, options: { query?: Query; body?: unknown } = {}): Promise<unknown> {
    return (await this.request(method, path, options)).json;
  }

  /** Signs and sends one request, retrying as described above; throws OpenApiError on a final error. */
  async request(method: 'GET' | 'POST', path: string, options: { query?: Query; body?: unknown } = {}): Promise<{ status: number; json: unknown }> {
    const pathAndQuery = API_PREFIX + path + queryString(options.query);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const retries = this.options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      let retryReason: string;
      let delayMs = Math.min(8000, 250 * 2 ** attempt);
      try {
        const response = await this.fetchImpl(this.options.baseUrl.replace(/\/$/, '') + pathAndQuery, {
          method,
          headers: {
            ...signRequest(this.options, { method, pathAndQuery, body }),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
        const json = await response.json().catch(() => null);
        if (response.ok) return { status: response.status, json };
        const error = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
        const failure = new OpenApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? response.statusText, error?.details ?? {});
        if (response.status !== 429 && response.status < 500) throw failure;
        if (attempt >= retries) throw failure;
        retryReason = `${response.status} ${failure.code}`;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (response.status === 429 && retryAfter > 0) delayMs = retryAfter * 1000;
      } catch (error) {
        if (error instanceof OpenApiError) throw error;
        if (attempt >= retries) throw error;
        retryReason = error instanceof Error ? error.message : String(error);
      }
      this.options.onRetry?.({ attempt: attempt + 1, reason: retryReason, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
