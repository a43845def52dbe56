import { asciiJson } from '@/lib/json-text';
import { env } from '@/server/config/env';
import { openApiDocument } from '@/server/open-api/document';

let body: { serverUrl: string; json: string } | undefined;

/** The contract as OpenAPI 3.1: public, like any API reference. */
export function GET() {
  if (body?.serverUrl !== env.publicBaseUrl) body = { serverUrl: env.publicBaseUrl, json: asciiJson(openApiDocument(env.publicBaseUrl)) };
  return new Response(body.json, { headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' } });
}
