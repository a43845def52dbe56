/**
 * One set of error codes for every door into the domain: the codes of the open API
 * contract (docs/open-api.md) plus FORBIDDEN for portal callers. Verbs throw DomainError;
 * the tRPC adapter (server/trpc/errors.ts) and the REST adapter (server/open-api/errors.ts)
 * each map it in one place.
 */
export const errorCodes = {
  INVALID_REQUEST: 400,
  BELOW_MIN_QUANTITY: 400,
  UNAUTHENTICATED: 401,
  BAD_SIGNATURE: 401,
  TIMESTAMP_SKEW: 401,
  NONCE_REUSED: 401,
  FORBIDDEN: 403,
  IP_NOT_ALLOWED: 403,
  DISTRIBUTOR_DISABLED: 403,
  NOT_FOUND: 404,
  OUT_OF_STOCK: 409,
  INSUFFICIENT_BALANCE: 409,
  INVALID_STATE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PRODUCT_UNAVAILABLE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return errorCodes[this.code];
  }
}

export const notFound = (what: string, details?: Record<string, unknown>) =>
  new DomainError('NOT_FOUND', `${what} not found`, details);

export const invalidState = (message: string, details?: Record<string, unknown>) =>
  new DomainError('INVALID_STATE', message, details);

export const invalidRequest = (message: string, details?: Record<string, unknown>) =>
  new DomainError('INVALID_REQUEST', message, details);

/** PostgreSQL's unique_violation, optionally for one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = findPgError(error);
  return e?.code === '23505' && (constraint === undefined || e.constraint_name === constraint);
}

/** PostgreSQL's check_violation, optionally for one named constraint. */
export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const e = findPgError(error);
  return e?.code === '23514' && (constraint === undefined || e.constraint_name === constraint);
}

/** PostgreSQL's foreign_key_violation: a row still referenced, or a reference to a missing row. */
export function isForeignKeyViolation(error: unknown): boolean {
  return findPgError(error)?.code === '23503';
}

type PgError = { code?: string; constraint_name?: string };

/** Drizzle wraps driver errors in its own; the PostgreSQL error is somewhere in the cause chain. */
export function findPgError(error: unknown): PgError | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e === 'object' && 'code' in e && typeof (e as PgError).code === 'string' && /^[0-9A-Z]{5}$/.test((e as PgError).code!)) {
      return e as PgError;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
