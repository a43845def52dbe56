/**
 * Every request the soak's clients sent, by what it was and how it ended: `201`, `409
 * INVALID_STATE`, `connection error`, … Retries count as requests of their own, as the
 * servers saw them.
 */
export class Tally {
  private readonly counts = new Map<string, Map<string, number>>();

  add(operation: string, outcome: string) {
    const row = this.counts.get(operation) ?? new Map<string, number>();
    row.set(outcome, (row.get(outcome) ?? 0) + 1);
    this.counts.set(operation, row);
  }

  total(): number {
    let n = 0;
    for (const row of this.counts.values()) for (const c of row.values()) n += c;
    return n;
  }

  /** [operation, outcome, count], by operation, most frequent outcome first. */
  rows(): [string, string, number][] {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([op, row]) => [...row.entries()].sort((x, y) => y[1] - x[1]).map(([outcome, n]): [string, string, number] => [op, outcome, n]));
  }

  /**
   * A fetch that counts what it sees under `operation(request)`: the status and, for an
   * error answer, the contract's code from its body; or the network failure.
   */
  fetch(operation: (method: string, url: URL) => string, inner: typeof fetch = fetch): typeof fetch {
    return async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const op = operation(init?.method ?? (input instanceof Request ? input.method : 'GET'), url);
      let response: Response;
      try {
        response = await inner(input, init);
      } catch (error) {
        this.add(op, error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'connection error');
        throw error;
      }
      if (response.ok) {
        this.add(op, String(response.status));
        return response;
      }
      this.add(op, `${response.status} ${errorCode(await response.clone().json().catch(() => null))}`.trim());
      return response;
    };
  }
}

type ErrorBody = { error?: { code?: string; json?: { data?: { domainCode?: string | null; code?: string } } } } | null;

/** The error's code: the open API's `error.code`, or the domain code tRPC carries (else its own). */
function errorCode(body: ErrorBody): string {
  return body?.error?.code ?? body?.error?.json?.data?.domainCode ?? body?.error?.json?.data?.code ?? '';
}

/** The open API operation a request is, e.g. `POST /orders/{orderNo}/pay`. */
export function openApiOperation(method: string, url: URL): string {
  const path = url.pathname.replace(/^\/api\/open\/v1/, '').replace(/\/orders\/[^/]+/, '/orders/{orderNo}');
  return `${method} ${path}`;
}
