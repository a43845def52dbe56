import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '@/server/domain/errors';
import { openApiDocument } from '@/server/open-api/document';
import { endpoints } from '@/server/open-api/endpoints';
import { DOCUMENT_SERVER_URL } from '../../scripts/lib/openapi-types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = () => structuredClone(openApiDocument(DOCUMENT_SERVER_URL)) as Json;

/** `redocly lint` with the recommended rules, as its CLI runs it; the problems it reports. */
function redoclyLint(document: Json): { errors: Json[]; warnings: Json[]; exitCode: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(document));
  const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
  const run = spawnSync(process.execPath, [cli, 'lint', file, '--extends=recommended', '--format=json'], {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    timeout: 120_000,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const json = run.stdout.slice(run.stdout.indexOf('{'));
  const problems = (JSON.parse(json) as { problems: Json[] }).problems;
  return { errors: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warn'), exitCode: run.status };
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc());
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('passes redocly lint with the recommended rules, examples included', () => {
    const { errors, warnings, exitCode } = redoclyLint(doc());
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('lint catches an example that does not fit its schema (so the check above can fail)', () => {
    const broken = doc();
    broken.paths['/orders'].post.responses['201'].content['application/json'].example.data.totalAmount = '21.00';
    const { warnings } = redoclyLint(broken);
    expect(warnings.map((w) => w.ruleId)).toContain('no-invalid-media-type-examples');
  });

  it('declares the five signing headers as one security requirement', () => {
    const d = doc();
    const headers = ['X-Distributor-Code', 'X-App-Key', 'X-Timestamp', 'X-Nonce', 'X-Signature'];
    expect(d.security).toEqual([Object.fromEntries(headers.map((h) => [h, []]))]);
    for (const h of headers) expect(d.components.securitySchemes[h]).toMatchObject({ type: 'apiKey', in: 'header', name: h });
  });

  it('gives every operation its error statuses, each code with an example in the error envelope', () => {
    const d = doc();
    for (const [name, e] of Object.entries(endpoints)) {
      const op = d.paths[e.path][e.method];
      expect(op.operationId).toBe(name);
      for (const code of e.errors) {
        const response = op.responses[String(errorCodes[code])];
        expect(response, `${name} ${code}`).toBeDefined();
        const example = response.content['application/json'].examples[code];
        expect(response.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
        expect(example.value.error.code).toBe(code);
      }
      expect(op.responses['500'].content['application/json'].examples.INTERNAL_ERROR).toBeDefined();
      // Every signed operation can be refused by the signature check and the rate limit.
      for (const status of ['401', '403', '429']) expect(Object.keys(op.responses)).toContain(status);
      expect(op.responses['429'].headers['Retry-After'].required).toBe(true);
    }
    expect(d.components.schemas.Error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(['OUT_OF_STOCK', 'RATE_LIMITED', 'INTERNAL_ERROR']));
  });

  it('describes every callback under webhooks: its payload and the Standard Webhooks headers', () => {
    const d = doc();
    const types = ['product.updated', 'product.stock_changed', 'product.status_changed', 'order.shipped', 'order.completed', 'order.cancelled', 'order.expired', 'order.refunded', 'balance.changed'];
    expect(Object.keys(d.webhooks).sort()).toEqual([...types, 'ping'].sort());
    for (const type of types) {
      const op = d.webhooks[type].post;
      expect(op.parameters.map((p: Json) => `${p.in}:${p.name}`)).toEqual(['header:webhook-id', 'header:webhook-timestamp', 'header:webhook-signature']);
      const body = op.requestBody.content['application/json'];
      const schema = d.components.schemas[body.schema.$ref.split('/').at(-1)];
      expect(schema.properties.type).toMatchObject({ const: type });
      expect(body.example.type).toBe(type);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '410', 'default']));
    }
    expect(d.components.schemas.ProductStockChangedEvent.properties.data).toEqual({ $ref: '#/components/schemas/StockLevel' });
    expect(d.components.schemas.BalanceChangedEvent.properties.data).toEqual({ $ref: '#/components/schemas/BalanceChange' });
  });
});
