/**
 * Prints the OpenAPI document the hub serves at /api/open/v1/openapi.json, for tools that
 * read a file (`npm run openapi:dump > openapi.json`). PUBLIC_BASE_URL sets its server URL.
 */
import { openApiDocument } from '@/server/open-api/document';

process.stdout.write(`${JSON.stringify(openApiDocument(process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000'), null, 2)}\n`);
