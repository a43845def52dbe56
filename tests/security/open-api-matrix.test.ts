/**
 * The tenant matrix of the open API, generated from its OpenAPI document: every operation
 * is called, signed as distributor A's mall, with distributor B's real ids (its orders,
 * its mall order numbers, the product offered to it alone, that product's SKU code) in
 * every path parameter, query parameter and body field named like an id. A's answer must
 * be the one it gets for a like id that names nothing (for a lookup: 404 NOT_FOUND), with
 * none of B's text in it, and the tables unchanged but for A's own request bookkeeping
 * (its nonce, its rate-limit bucket). As in the portals' matrix (tenant-matrix.test.ts),
 * B itself shows which of its ids each field opens, and a field that no id opens fails.
 *
 * The calls go through the production server's table of routes to the real handlers,
 * signed, and are not rolled back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@/mall-client';
import { openApiDocument } from '@/server/open-api/document';
import { fieldPaths, setAt, twinOf, type FieldPath } from '@tests/support/fields';
import { sampleOf, type JsonSchema } from '@tests/support/json-schema';
import { belongsTo, businessChanges, changes, describeChanges, snapshot, type Change } from '@tests/support/snapshot';
import { BASE_URL, rawFetch, setDistributor } from '../open-api/support';
import { findReferences, fits, NAMES_A_RECORD, type Answer } from './references';
import { spreadIdSequences, twoTenants, type Side, type TwoTenants } from './world';

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema };
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: { content: { 'application/json': { schema: JsonSchema } } } };

const document = openApiDocument(BASE_URL) as { paths: Record<string, Record<string, Operation>> };
// Reads first: a write of A's may take a key B uses too (A's own order under the same mall
// order number is no leak), and must not change what the reads are compared with.
const operations = Object.entries(document.paths)
  .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase() as 'GET' | 'POST', op })))
  .sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));

/** An operation's inputs as one object schema: `{path, query, body}`, so that one sample and one set of field paths serve all three. */
function requestSchema(op: Operation): JsonSchema {
  const params = (where: 'path' | 'query'): JsonSchema => {
    const list = (op.parameters ?? []).filter((p) => p.in === where);
    return { type: 'object', properties: Object.fromEntries(list.map((p) => [p.name, p.schema])), required: list.filter((p) => p.required).map((p) => p.name) };
  };
  const body = op.requestBody?.content['application/json'].schema;
  return { type: 'object', properties: { path: params('path'), query: params('query'), ...(body ? { body } : {}) }, required: ['path', 'query', ...(body ? ['body'] : [])] };
}

type Request = { path: Record<string, unknown>; query: Record<string, unknown>; body?: unknown };
type Reply = { status: number; code: string | null; json: unknown; text: string };

describe('open API tenant matrix: every operation of the OpenAPI document, as another distributor', () => {
  let w: TwoTenants;
  beforeAll(async () => {
    await spreadIdSequences();
    w = await twoTenants();
    // The matrix sends a few hundred requests a second: the rate limit is tested elsewhere.
    for (const side of [w.A, w.B]) await setDistributor(w.db, side.distributor.distributorId, { rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 });
  }, 300_000);

  async function send(side: Side, template: string, method: 'GET' | 'POST', request: Request): Promise<Reply> {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(request.path[name])));
    const query = new URLSearchParams(Object.entries(request.query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
    const target = `/api/open/v1${path}${query ? `?${query}` : ''}`;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const credentials = { distributorCode: side.distributor.code, appKey: side.distributor.appKey, secret: side.distributor.secret };
    const response = await rawFetch(target, { method, body, headers: signRequest(credentials, { method, pathAndQuery: target, body }) });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as { error?: { code: string } }) : null;
    return { status: response.status, code: json?.error?.code ?? null, json, text };
  }

  /** Two replies alike to whoever reads them: the same status and code, and as many records. */
  const shape = (r: Reply) => {
    const data = (r.json as { data?: unknown } | null)?.data;
    return `${r.status} ${r.code ?? ''} ${Array.isArray(data) ? `[${data.length}]` : typeof data}`;
  };

  const ownRequestBookkeeping = (c: Change) => ['api_nonces', 'rate_limit_buckets'].includes(c.table) && belongsTo(c, w.A.tenant);

  function expectHarmless(reply: Reply, changed: Change[], sent: string, label: string) {
    const leaked = w.B.markers.distributor.filter((m) => reply.text.includes(m) && !sent.includes(m));
    expect(leaked, `${label}: B's text in A's answer`).toEqual([]);
    expect(reply.status, `${label}: ${reply.text}`).toBeLessThan(500);
    const ofB = changed.filter((c) => belongsTo(c, w.B.tenant));
    expect(ofB, `${label}: changed B's rows\n${describeChanges(ofB)}`).toEqual([]);
    const other = changed.filter((c) => !ownRequestBookkeeping(c));
    if (reply.status >= 400) expect(other, `${label}: a refused request changed rows\n${describeChanges(other)}`).toEqual([]);
  }

  async function attack(template: string, method: 'GET' | 'POST', request: Request, label: string) {
    const before = await snapshot(w.db);
    const reply = await send(w.A, template, method, request);
    expectHarmless(reply, businessChanges(changes(before, await snapshot(w.db))), JSON.stringify(request), label);
    return reply;
  }

  for (const { path, method, op } of operations) {
    it(`${method} ${path} (${op.operationId})`, async () => {
      const schema = requestSchema(op);
      const base = sampleOf(schema, document, w.samples) as Request;
      await attack(path, method, base, `${method} ${path} ${JSON.stringify(base)}`);

      const fields = fieldPaths(schema, document).filter((f) => NAMES_A_RECORD.test(f.name));
      if (fields.length === 0) return;
      const ids = (f: FieldPath, of: { numbers: number[]; strings: string[] }) =>
        f.leaf.type === 'string' ? [...of.strings, ...of.numbers.map(String)] : of.numbers;
      const ofB = w.B.ids.distributor;
      const known = [...ofB.strings, ...ofB.numbers, ...ofB.numbers.map(String)];

      // B shows which of its ids each field opens; A is then asked for each of them.
      const { references, unresolved } = await findReferences({
        fields,
        base,
        candidates: (f) => ({ owner: ids(f, ofB), shared: ids(f, w.shared) }),
        valid: (_input, f, v) => fits(f.leaf, v),
        asOwner: async (input): Promise<Answer> => {
          const reply = await send(w.B, path, method, input as Request);
          return { key: shape(reply), notFound: reply.code === 'NOT_FOUND', badInput: reply.code === 'INVALID_REQUEST' };
        },
      });
      expect(unresolved.map((f) => f.key), `${method} ${path}: B gets 404 for these fields with every id it has — give both tenants in tests/security/world.ts a record they name`).toEqual([]);

      for (const { field, values, base: start } of references) {
        for (const v of values) {
          const twin = twinOf(v, known);
          const label = `${method} ${path} as A with B's ${field.key} = ${JSON.stringify(v)}`;
          const reply = await attack(path, method, setAt(start, field, v) as Request, label);
          const asIfNothing = await attack(path, method, setAt(start, field, twin) as Request, `${label} (its twin ${JSON.stringify(twin)})`);
          expect(`${reply.status} ${reply.code}`, `${label}: answers otherwise than for ${JSON.stringify(twin)}, which names nothing`).toBe(`${asIfNothing.status} ${asIfNothing.code}`);
        }
      }
    });
  }

  it('finds the operations in the document', () => {
    expect(operations.length).toBeGreaterThan(10);
  });
});
