import { DomainError } from '@/server/domain/errors';
import { errorResponse } from '@/server/open-api/errors';

/** Any path under /api/open/v1 that is not an endpoint: the contract's 404, not a web page. */
function notAnEndpoint(request: Request) {
  const { pathname } = new URL(request.url);
  return errorResponse(new DomainError('NOT_FOUND', `No endpoint ${request.method} ${pathname}: see /api/open/v1/openapi.json`, {}));
}

export const GET = notAnEndpoint;
export const POST = notAnEndpoint;
export const PUT = notAnEndpoint;
export const PATCH = notAnEndpoint;
export const DELETE = notAnEndpoint;
