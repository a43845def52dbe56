/**
 * Fuzzing every open-API operation of the OpenAPI document: bodies and query strings
 * generated from the document's own schemas, near-valid with hostile values at every depth
 * (and real ids of the caller's and another's records mixed in), path segments and plain
 * garbage, all correctly signed. Whatever comes in, the answer is never a 5xx, a refusal is
 * the contract's error envelope, and a refused request changes nothing but the request's
 * own bookkeeping (its nonce, its rate-limit token, the request log).
 *
 * Deterministic: each operation has its own fixed seed; fast-check prints the shrunk
 * counterexample of a failure.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@/mall-client';
import { openApiDocument } from '@/server/open-api/document';
import { hostileArbitrary, hostileValue, type JsonSchema } from '@tests/support/json-schema';
import { belongsTo, businessChanges, changes, describeChanges, snapshot } from '@tests/support/snapshot';
import { BASE_URL, rawFetch, setDistributor } from '../open-api/support';
import { twoTenants, type TwoTenants } from './world';

const RUNS = 30;

type Parameter = { name: string; in: 'path' | 'query' | 'header'; schema: JsonSchema };
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: { content: { 'application/json': { schema: JsonSchema } } } };

const document = openApiDocument(BASE_URL) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase() as 'GET' | 'POST', op })));
const seedOf = (name: string) => createHash('sha256').update(name).digest().readInt32BE(0);

/** What a query string or a path segment may carry: text made from any value. */
const asText = (arb: fc.Arbitrary<unknown>) => arb.map((v) => (v === undefined ? '' : v instanceof Date ? (Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()) : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));

describe('fuzzing every open API operation: never a 5xx, never a partial write', () => {
  let w: TwoTenants;
  let named: Record<string, fc.Arbitrary<unknown>>;
  beforeAll(async () => {
    w = await twoTenants();
    await setDistributor(w.db, w.A.distributor.distributorId, { rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 });
    const orderNos = [...w.A.orderNos, ...w.B.orderNos];
    named = {
      productId: fc.constantFrom(w.sharedProduct.id, w.A.exclusive.id, w.B.exclusive.id),
      productIds: fc.array(fc.constantFrom(w.sharedProduct.id, w.A.exclusive.id, w.B.exclusive.id), { minLength: 1, maxLength: 3 }),
      skuCode: fc.constantFrom(w.sharedProduct.skuCode, w.A.exclusive.skuCode, w.B.exclusive.skuCode),
      orderNo: fc.constantFrom(...orderNos),
      id: fc.constantFrom(String(w.sharedProduct.id), String(w.A.exclusive.id), String(w.B.exclusive.id)),
      mallOrderNo: fc.oneof(fc.constantFrom(...w.A.ids.distributor.strings), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)),
    };
    // Order lines naming a product one way, as the contract asks, of products that exist.
    named.items = fc.array(fc.oneof(fc.record({ productId: named.productId, quantity: fc.integer({ min: 1, max: 5 }) }), fc.record({ skuCode: named.skuCode, quantity: fc.integer({ min: 0, max: 200_000 }) })), { minLength: 1, maxLength: 3 });
    named.receiver = fc.constant(w.samples.receiver);
  }, 300_000);

  async function send(path: string, method: 'GET' | 'POST', body: string | undefined) {
    const credentials = { distributorCode: w.A.distributor.code, appKey: w.A.distributor.appKey, secret: w.A.distributor.secret };
    const before = await snapshot(w.db);
    const response = await rawFetch(path, { method, body, headers: signRequest(credentials, { method, pathAndQuery: path, body }) });
    const text = await response.text();
    const changed = businessChanges(changes(before, await snapshot(w.db))).filter((c) => !(['api_nonces', 'rate_limit_buckets'].includes(c.table) && belongsTo(c, w.A.tenant)));
    return { status: response.status, text, changed };
  }

  for (const { path, method, op } of operations) {
    it(`${method} ${path} (${op.operationId})`, async () => {
      const params = op.parameters ?? [];
      const segment = (p: Parameter) => fc.oneof({ arbitrary: named[p.name] ? asText(named[p.name]) : asText(hostileArbitrary(p.schema, document)), weight: 3 }, { arbitrary: asText(hostileValue), weight: 1 });
      const pathValues = fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, segment(p)])));
      const documented = params.filter((p) => p.in === 'query').map((p) => fc.tuple(fc.constant(p.name), segment(p)));
      const unknown = fc.tuple(fc.string({ maxLength: 10 }), asText(hostileValue));
      const queryPairs = fc.array(documented.length ? fc.oneof({ arbitrary: fc.oneof(...documented), weight: 6 }, { arbitrary: unknown, weight: 1 }) : unknown, { maxLength: 4 });
      const schema = op.requestBody?.content['application/json'].schema;
      const body = schema
        ? fc.oneof({ arbitrary: hostileArbitrary(schema, document, 0, named).map((b) => JSON.stringify(b) ?? ''), weight: 5 }, { arbitrary: fc.string({ maxLength: 200 }), weight: 1 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 1 })
        : fc.constant(undefined);

      await fc.assert(
        fc.asyncProperty(pathValues, queryPairs, body, async (values, pairs, rawBody) => {
          const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]) || 'x');
          const query = new URLSearchParams(pairs).toString();
          const target = `/api/open/v1${filled}${query ? `?${query}` : ''}`;
          const r = await send(target, method, rawBody);
          expect(r.status, `${method} ${target}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
          if (r.status >= 400) {
            const json = JSON.parse(r.text) as { error?: { code: unknown; message: unknown; details: unknown } };
            expect(json.error, r.text).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Object) });
            expect(r.changed, `${method} ${target} refused (${r.status}) yet wrote:\n${describeChanges(r.changed)}`).toEqual([]);
          }
        }),
        { numRuns: RUNS, seed: seedOf(`${method} ${path}`), endOnFailure: false },
      );
    });
  }
});
