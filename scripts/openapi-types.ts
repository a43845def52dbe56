/**
 * `npm run openapi:types`: generates examples/openapi-fetch/schema.d.ts from the OpenAPI
 * document with openapi-typescript, as a mall would from /api/open/v1/openapi.json.
 * tests/open-api/generated-client.test.ts fails when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generatedSchemaTypes } from './lib/openapi-types';

const file = path.resolve(import.meta.dirname, '../examples/openapi-fetch/schema.d.ts');
fs.writeFileSync(file, await generatedSchemaTypes());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
