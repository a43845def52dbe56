import { z } from 'zod';
import { errorCodes, type ErrorCode } from '@/server/domain/errors';
import { MAX_BODY_BYTES } from './body';
import { balanceSchema, brandSchema, categorySchema, endpoints, errorSchema, eventSchema, orderSchema, productSchema, stockLevelSchema, type Endpoint } from './endpoints';
import { TIMESTAMP_TOLERANCE_SECONDS } from './verify';

/**
 * The OpenAPI 3.1 document of the open API, generated from the zod schemas of
 * `endpoints.ts` (the ones that validate the requests). Requests are described as they
 * are accepted (zod's input side: defaults make fields optional), responses as they are
 * sent (the output side). JSON Schema 2020-12 is OpenAPI 3.1's own dialect.
 */

type JsonSchema = Record<string, unknown>;

const SIGNATURE_HEADERS = ['X-Distributor-Code', 'X-App-Key', 'X-Timestamp', 'X-Nonce', 'X-Signature'] as const;
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Strips what a standalone JSON Schema carries but a component must not. */
function component(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function toJson(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return component(z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema);
}

/** The fields of an object schema as OpenAPI parameters (path or query). */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = toJson(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as JsonSchema & { description?: string };
    return { name, in: where, required: where === 'path' || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(errorCodes[code], [...(byStatus.get(errorCodes[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        String(status),
        {
          description: list.join(', '),
          ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
          content: { 'application/json': { schema: ref('Error') } },
        },
      ]),
  );
}

let cached: { serverUrl: string; document: JsonSchema } | undefined;

export function openApiDocument(serverUrl: string): JsonSchema {
  if (cached?.serverUrl === serverUrl) return cached.document;
  const responses = z.registry<{ id: string }>();
  const requests = z.registry<{ id: string }>();
  const shared: [z.ZodType, string][] = [
    [productSchema, 'Product'],
    [categorySchema, 'Category'],
    [brandSchema, 'Brand'],
    [stockLevelSchema, 'StockLevel'],
    [orderSchema, 'Order'],
    [orderSchema.shape.receiver, 'Receiver'],
    [balanceSchema, 'Balance'],
    [eventSchema, 'Event'],
    [errorSchema, 'Error'],
  ];
  for (const [schema, id] of shared) responses.add(schema, { id });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, endpoint] of Object.entries(endpoints) as [string, Endpoint][]) {
    const success: Record<string, unknown> = {};
    const wrapperId = `${pascal(name)}Response`;
    let wrapped = false;
    for (const [status, response] of Object.entries(endpoint.responses)) {
      if (!wrapped) {
        const wrapper = response.list ? z.object({ data: z.array(response.data), nextCursor: z.string().nullable() }) : z.object({ data: response.data });
        responses.add(wrapper, { id: wrapperId });
        wrapped = true;
      }
      success[status] = { description: response.description, content: { 'application/json': { schema: ref(wrapperId) } } };
    }
    if (endpoint.body) requests.add(endpoint.body, { id: `${pascal(name)}Request` });
    paths[endpoint.path] ??= {};
    paths[endpoint.path][endpoint.method] = {
      operationId: name,
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      tags: [endpoint.path.startsWith('/orders') ? 'Orders' : endpoint.path === '/balance' || endpoint.path === '/events' ? 'Balance and events' : 'Catalog'],
      parameters: [...parameters(endpoint.params, 'path'), ...parameters(endpoint.query, 'query')],
      ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(`${pascal(name)}Request`) } } } } : {}),
      responses: { ...success, ...errorResponses(endpoint.errors) },
    };
  }

  const convert = (registry: typeof responses, io: 'input' | 'output') =>
    Object.fromEntries(
      Object.entries((z.toJSONSchema(registry, { target: 'draft-2020-12', io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonSchema> }).schemas).map(
        ([id, schema]) => [id, component(schema)],
      ),
    );

  const document: JsonSchema = {
    openapi: '3.1.0',
    info: {
      title: 'Supply hub open API for malls',
      version: '1.0.0',
      description: [
        'Mall servers call these endpoints with their distributor credentials. Every request is signed:',
        '`X-Signature` is the lowercase hex HMAC-SHA256, keyed with the API secret, of `METHOD\\nPATH_AND_QUERY\\nTIMESTAMP\\nNONCE\\nBODY_SHA256`',
        `(the request target exactly as sent; Unix seconds within ${TIMESTAMP_TOLERANCE_SECONDS} s of the hub's clock; a nonce of 16–64 \`[A-Za-z0-9_-]\` used once;`,
        'the lowercase hex SHA-256 of the raw body, of the empty string when none).',
        'Success is `{"data": …}` (lists add `nextCursor`); failure is `{"error": {"code", "message", "details"}}`.',
        `Money is integer fen; times are ISO 8601 UTC. Bodies are at most ${MAX_BODY_BYTES} bytes.`,
        'Callbacks are signed the Standard Webhooks way (see `webhooks`).',
      ].join(' '),
    },
    servers: [{ url: `${serverUrl}/api/open/v1` }],
    security: [Object.fromEntries(SIGNATURE_HEADERS.map((h) => [h, []]))],
    tags: [{ name: 'Catalog' }, { name: 'Orders' }, { name: 'Balance and events' }],
    paths,
    webhooks: {
      event: {
        post: {
          summary: 'A callback to the mall',
          description:
            'POSTed to the callback URL with headers `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` keyed with the base64-decoded `whsec_` secret. Only 2xx counts as delivered; retries back off for a little over a day. Delivery is at least once and unordered: dedupe on `id`, keep the highest `version`.',
          requestBody: { content: { 'application/json': { schema: ref('Event') } } },
          responses: { '200': { description: 'Delivered (any 2xx)' } },
        },
      },
    },
    components: {
      schemas: { ...convert(responses, 'output'), ...convert(requests, 'input') },
      securitySchemes: Object.fromEntries(SIGNATURE_HEADERS.map((h) => [h, { type: 'apiKey', in: 'header', name: h }])),
    },
  };
  cached = { serverUrl, document };
  return document;
}
