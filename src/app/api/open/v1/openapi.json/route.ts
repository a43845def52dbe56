import { env } from '@/server/config/env';
import { openApiDocument } from '@/server/open-api/document';

/** The contract as OpenAPI 3.1: public, like any API reference. */
export function GET() {
  return Response.json(openApiDocument(env.publicBaseUrl), { headers: { 'cache-control': 'public, max-age=300' } });
}
