import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { DomainError, type ErrorCode } from '@/server/domain/errors';

/** The one place where domain error codes become tRPC error codes (for the portals). */
const TRPC_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  INVALID_REQUEST: 'BAD_REQUEST',
  BELOW_MIN_QUANTITY: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  BAD_SIGNATURE: 'UNAUTHORIZED',
  TIMESTAMP_SKEW: 'UNAUTHORIZED',
  NONCE_REUSED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  IP_NOT_ALLOWED: 'FORBIDDEN',
  DISTRIBUTOR_DISABLED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  OUT_OF_STOCK: 'CONFLICT',
  INSUFFICIENT_BALANCE: 'CONFLICT',
  INVALID_STATE: 'CONFLICT',
  IDEMPOTENCY_CONFLICT: 'CONFLICT',
  PRODUCT_UNAVAILABLE: 'CONFLICT',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
};

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}

/** The domain error behind a tRPC error, if any (for the error formatter). */
export function domainErrorOf(error: TRPCError): DomainError | undefined {
  return error.cause instanceof DomainError ? error.cause : undefined;
}
