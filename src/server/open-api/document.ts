import { z } from 'zod';
import { errorCodes, type ErrorCode } from '@/server/domain/errors';
import type { EventType } from '@/mall-client/types';
import { MAX_BODY_BYTES } from './body';
import {
  balanceChangeSchema,
  balanceSchema,
  brandSchema,
  categorySchema,
  endpoints,
  errorSchema,
  eventDataSchemas,
  eventSchema,
  eventTypes,
  orderSchema,
  productSchema,
  productStatusChangeSchema,
  stockLevelSchema,
  type Endpoint,
} from './endpoints';
import { exampleErrors, exampleEvents } from './examples';
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

const errorExample = (code: keyof typeof exampleErrors | 'INTERNAL_ERROR') =>
  code === 'INTERNAL_ERROR'
    ? { error: { code, message: 'The hub could not process the request; it is safe to retry', details: {} } }
    : { error: { code, ...exampleErrors[code] } };

/** Each error status of an operation, with the error envelope and an example per code. */
function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, (ErrorCode | 'INTERNAL_ERROR')[]>();
  for (const code of codes) byStatus.set(errorCodes[code], [...(byStatus.get(errorCodes[code]) ?? []), code]);
  // Any operation may fail on the hub's side: a 500 that says nothing of its insides.
  byStatus.set(500, ['INTERNAL_ERROR']);
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        String(status),
        {
          description: list.join(', '),
          headers: {
            'Cache-Control': { description: 'Always `no-store`', schema: { type: 'string', const: 'no-store' } },
            ...(status === 429 ? { 'Retry-After': { description: 'Seconds to wait before the next try', required: true, schema: { type: 'integer', minimum: 1 } } } : {}),
          },
          content: {
            'application/json': {
              schema: ref('Error'),
              examples: Object.fromEntries(list.map((code) => [code, { summary: code, value: errorExample(code as keyof typeof exampleErrors) }])),
            },
          },
        },
      ]),
  );
}

/** `product.stock_changed` → `ProductStockChangedEvent`. */
const eventSchemaId = (type: EventType) => `${type.split(/[._]/).map(pascal).join('')}Event`;

const WEBHOOK_DESCRIPTIONS: Record<EventType, string> = {
  'product.updated': 'A product offered to this distributor changed (title, images, price, minimum, …): `data` is the product as `GET /products/{id}` serves it.',
  'product.stock_changed': 'The shared stock of a product changed. Stock events of a hot product are coalesced per distributor: one still waiting to be sent is superseded by a newer one for the same product.',
  'product.status_changed': 'A product went on or off sale, sold out, or is no longer offered to this distributor (`unavailable`).',
  'order.shipped': 'A package of the order was shipped (or its tracking corrected): `data` is the order with its packages.',
  'order.completed': 'The order completed (receipt confirmed, or automatically after the shipping period).',
  'order.cancelled': 'An unpaid order was cancelled; its stock returned.',
  'order.expired': 'An unpaid order passed `expiresAt`; its stock returned.',
  'order.refunded': 'A paid order was refunded before shipping; balance and stock returned.',
  'balance.changed': 'A ledger entry changed the balance (top-up, adjustment, order debit, refund credit).',
};

const WEBHOOK_HEADERS = [
  { name: 'webhook-id', description: 'The event id (the same as `id` in the body): dedupe on it', example: 'evt_0a1b2c3d4e5f60718293a4b5' },
  { name: 'webhook-timestamp', description: 'Unix seconds when this try was signed; refuse one more than 5 minutes off', example: '1796004060' },
  {
    name: 'webhook-signature',
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{raw body}">`, keyed with the base64-decoded part of the `whsec_` secret after the prefix. During a rotation it carries one signature per valid secret: accept the request when any matches.',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  },
].map(({ name, description, example }) => ({ name, in: 'header', required: true, description, schema: { type: 'string' }, example }));

const PING_EXAMPLE = {
  id: 'evt_8293a4b5c6d7e8f90a1b2c3d',
  type: 'ping',
  createdAt: '2026-11-30T02:00:00.000Z',
  data: { distributorCode: 'D0002', message: 'A test event from the self-test console' },
};

/** One webhook per event type: its body, the Standard Webhooks headers, and what the hub does with the mall's answer. */
function webhooks() {
  const ping = {
    post: {
      operationId: 'onPing',
      summary: 'Callback: ping (a test event)',
      description:
        'Sent only when the distributor presses "send a test event" in the self-test console (接口自测), signed like every callback. Not an event of `GET /events`, never retried. Answer 2xx; the console shows the answer, status and latency.',
      tags: ['Callbacks'],
      security: [{ StandardWebhooks: [] }],
      parameters: WEBHOOK_HEADERS,
      requestBody: { required: true, content: { 'application/json': { schema: ref('PingEvent'), example: PING_EXAMPLE } } },
      responses: { '200': { description: 'Any 2xx: the mall is reachable and verified the signature' }, default: { description: 'Anything else is shown in the console as is' } },
    },
  };
  return Object.fromEntries([
    ['ping', ping],
    ...eventTypes.map((type) => [
      type,
      {
        post: {
          operationId: `on${eventSchemaId(type).replace(/Event$/, '')}`,
          summary: `Callback: ${type}`,
          description: WEBHOOK_DESCRIPTIONS[type],
          tags: ['Callbacks'],
          security: [{ StandardWebhooks: [] }],
          parameters: WEBHOOK_HEADERS,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(eventSchemaId(type)), example: exampleEvents[type] } },
          },
          responses: {
            '200': { description: 'Any 2xx: delivered. Nothing else counts; answer quickly and do the work afterwards.' },
            '410': {
              description: 'Gone: the hub disables this callback URL at once and sends nothing more until the distributor or staff enable it again. Events keep being recorded (`GET /events`) and are sent then.',
            },
            default: {
              description: `Anything else (or no answer within 15 s): retried after about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then marked failed. An endpoint failing for 3 days is disabled like a 410.`,
            },
          },
        },
      },
    ]),
  ]);
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
    [productStatusChangeSchema, 'ProductStatusChange'],
    [balanceChangeSchema, 'BalanceChange'],
    [errorSchema, 'Error'],
  ];
  for (const [schema, id] of shared) responses.add(schema, { id });
  responses.add(
    z.object({ id: eventSchema.shape.id, type: z.literal('ping'), createdAt: eventSchema.shape.createdAt, data: z.object({ distributorCode: z.string(), message: z.string() }) }),
    { id: 'PingEvent' },
  );
  for (const type of eventTypes) {
    const envelope = z.object({ id: eventSchema.shape.id, type: z.literal(type), createdAt: eventSchema.shape.createdAt, data: eventDataSchemas[type] });
    responses.add(envelope, { id: eventSchemaId(type) });
  }

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
      const example = response.list ? { data: response.example, nextCursor: 'eyJmIjoicHJvZHVjdHMiLCJpZCI6MX0' } : { data: response.example };
      success[status] = { description: response.description, content: { 'application/json': { schema: ref(wrapperId), example } } };
    }
    if (endpoint.body) requests.add(endpoint.body, { id: `${pascal(name)}Request` });
    paths[endpoint.path] ??= {};
    paths[endpoint.path][endpoint.method] = {
      operationId: name,
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      tags: [endpoint.path.startsWith('/orders') ? 'Orders' : endpoint.path === '/balance' || endpoint.path === '/events' ? 'Balance and events' : 'Catalog'],
      parameters: [...parameters(endpoint.params, 'path'), ...parameters(endpoint.query, 'query')],
      ...(endpoint.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: ref(`${pascal(name)}Request`), ...(endpoint.bodyExample ? { example: endpoint.bodyExample } : {}) } } } }
        : {}),
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
      summary: 'Catalog sync, orders, balance and signed callbacks for the malls of the distributors',
      description: [
        'Mall servers call these endpoints with their distributor credentials. Every request is signed:',
        '`X-Signature` is the lowercase hex HMAC-SHA256, keyed with the API secret, of `METHOD\\nPATH_AND_QUERY\\nTIMESTAMP\\nNONCE\\nBODY_SHA256`',
        `(the request target exactly as sent; Unix seconds within ${TIMESTAMP_TOLERANCE_SECONDS} s of the hub's clock; a nonce of 16–64 \`[A-Za-z0-9_-]\` used once;`,
        'the lowercase hex SHA-256 of the raw body, of the empty string when none).',
        'Success is `{"data": …}` (lists add `nextCursor`); failure is `{"error": {"code", "message", "details"}}`.',
        `Money is integer fen; times are ISO 8601 UTC. Bodies are at most ${MAX_BODY_BYTES} bytes.`,
        'Callbacks are signed the Standard Webhooks way (see `webhooks`). The full guide, in Chinese with English terms, is docs/open-api.md in the repository and the reference page /docs/open-api.',
      ].join(' '),
      license: { name: 'Proprietary: for the distributors of this hub', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: `${serverUrl}/api/open/v1`, description: 'This hub' }],
    security: [Object.fromEntries(SIGNATURE_HEADERS.map((h) => [h, []]))],
    tags: [
      { name: 'Catalog', description: 'Categories, brands, products and live stock, priced for the calling distributor' },
      { name: 'Orders', description: 'Create (reserves stock), pay (debits the balance), cancel, refund, confirm receipt' },
      { name: 'Balance and events', description: 'The prepaid balance, and the event feed that replays the callbacks' },
      { name: 'Callbacks', description: 'What the hub POSTs to the mall: signed the Standard Webhooks way' },
    ],
    paths,
    webhooks: webhooks(),
    components: {
      schemas: { ...convert(responses, 'output'), ...convert(requests, 'input') },
      securitySchemes: {
        ...Object.fromEntries(SIGNATURE_HEADERS.map((h) => [h, { type: 'apiKey', in: 'header', name: h, description: SIGNATURE_HEADER_DESCRIPTIONS[h] }])),
        StandardWebhooks: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description: "How the hub signs its callbacks (with `webhook-id` and `webhook-timestamp`): verify with the distributor's `whsec_` secret, e.g. with the `standardwebhooks` library.",
        },
      },
    },
  };
  cached = { serverUrl, document };
  return document;
}

const SIGNATURE_HEADER_DESCRIPTIONS: Record<(typeof SIGNATURE_HEADERS)[number], string> = {
  'X-Distributor-Code': 'The distributor code, e.g. D0002. All five headers are required on every request.',
  'X-App-Key': 'The API key of the binding, e.g. ak_…',
  'X-Timestamp': `Unix time in seconds; refused (TIMESTAMP_SKEW) when more than ${TIMESTAMP_TOLERANCE_SECONDS} s from the hub's clock, or older than the hub's record of used nonces (after its database recovered from a crash)`,
  'X-Nonce': '16–64 characters of [A-Za-z0-9_-], new for every request; a nonce is accepted once per distributor (kept at least 10 minutes)',
  'X-Signature': 'Lowercase hex HMAC-SHA256, keyed with the API secret, of METHOD\\nPATH_AND_QUERY\\nTIMESTAMP\\nNONCE\\nBODY_SHA256',
};
