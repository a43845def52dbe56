/**
 * Values for inputs described by JSON Schema: the tRPC inputs (zod → JSON Schema) and the
 * open API's requests (its OpenAPI document). The tenant matrix takes a plain valid
 * `sampleOf` an input; the fuzzers take `validArbitrary` and `hostileArbitrary`. Only what
 * the schemas say is known here: refinements in code (a date that exists, one field or
 * another) are not, so a "valid" value may still be refused — never with a 5xx.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  /** Set by `zodInputSchema` for z.date(): the value is a Date, not a string. */
  'x-date'?: boolean;
};

/** A zod input schema as JSON Schema, input side; dates are marked so that Dates are made for them. */
export function zodInputSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if ((ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time', 'x-date': true });
    },
  }) as JsonSchema;
}

/** Follows `$ref`s (JSON pointers into `root`: `#/components/schemas/X`, `#/$defs/X`). */
export function deref(schema: JsonSchema, root: unknown): JsonSchema {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) {
    const target = s.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[decodeURIComponent(key.replace(/~1/g, '/').replace(/~0/g, '~'))], root);
    if (!target) throw new Error(`Unresolvable $ref ${s.$ref}`);
    s = target as JsonSchema;
  }
  return s;
}

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

function bounds(s: JsonSchema, integer: boolean) {
  let min = s.minimum ?? -1e9;
  let max = s.maximum ?? 1e9;
  if (s.exclusiveMinimum !== undefined) min = Math.max(min, integer ? s.exclusiveMinimum + 1 : s.exclusiveMinimum + 1e-9);
  if (s.exclusiveMaximum !== undefined) max = Math.min(max, integer ? s.exclusiveMaximum - 1 : s.exclusiveMaximum - 1e-9);
  return { min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) };
}

const today = () => new Date().toISOString().slice(0, 10);

/** Plain strings tried first for a pattern, so that samples read like what people type. */
const NICE_STRINGS = () => [today(), 'SO2026000000000001', 'ABC-12345', 'evt_000000000000000000000001', 'example', 'x1234'];

function stringSample(s: JsonSchema): string {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 10_000;
  if (s.format === 'date-time') return new Date().toISOString();
  if (s.format === 'date') return today();
  if (s.format === 'uuid') return randomUUID();
  if (s.format === 'uri' || s.format === 'url') return 'https://mall.example.com/callback';
  if (s.format === 'email') return 'someone@example.com';
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    const nice = NICE_STRINGS().find((c) => re.test(c) && c.length >= min && c.length <= max);
    if (nice) return nice;
    return fc.sample(matching(s.pattern).filter((c) => c.length >= min && c.length <= max), { seed: 7, numRuns: 1 })[0];
  }
  const base = 'sample text';
  return base.length >= min ? base.slice(0, Math.max(min, Math.min(base.length, max))) : base.padEnd(min, 'x');
}

/**
 * A plain valid value: required fields only (defaults do the rest), the first of every
 * enum, the smallest number allowed from 1, a fresh UUID each time (request keys).
 * `named` gives values for fields by name where a schema alone cannot tell what is
 * meaningful (a carrier's name in free text).
 */
export function sampleOf(schema: JsonSchema, root: unknown = schema, named: Record<string, unknown> = {}): unknown {
  const s = deref(schema, root);
  if ('const' in s) return s.const;
  if (s.enum) return s.enum[0];
  if (s['x-date']) return new Date();
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return sampleOf(alternatives.find((a) => deref(a, root).type !== 'null') ?? alternatives[0], root, named);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((a) => sampleOf(a, root, named)));
  const types = typesOf(s);
  if (types.includes('object') || s.properties) {
    const out: Record<string, unknown> = {};
    for (const key of s.required ?? []) out[key] = key in named ? named[key] : sampleOf(s.properties?.[key] ?? {}, root, named);
    return out;
  }
  if (types.includes('array')) return Array.from({ length: s.minItems ?? 0 }, () => sampleOf(s.items ?? {}, root, named));
  if (types.includes('integer') || types.includes('number')) {
    const { min, max } = bounds(s, true);
    return Math.min(Math.max(1, min), max);
  }
  if (types.includes('boolean')) return false;
  if (types.includes('string')) return stringSample(s);
  if (types.includes('null')) return null;
  return 'sample';
}

/**
 * Strings matching a pattern. fast-check cannot build lookarounds: those are left out of
 * the generator and the full pattern filters what it makes.
 */
function matching(pattern: string): fc.Arbitrary<string> {
  const re = new RegExp(pattern);
  const withoutLookarounds = pattern.replace(/\(\?<?[!=][^()]*\)/g, '');
  return withoutLookarounds === pattern ? fc.stringMatching(re) : fc.stringMatching(new RegExp(withoutLookarounds)).filter((c) => re.test(c));
}

/** Values the schema allows (as far as JSON Schema says). */
export function validArbitrary(schema: JsonSchema, root: unknown = schema, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(schema, root);
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s['x-date']) return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validArbitrary(a, root, depth + 1)));
  const types = typesOf(s);
  if (types.includes('object') || s.properties) {
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArbitrary(v, root, depth + 1)]));
    return fc.record(model, { requiredKeys: [...required].filter((k) => k in props) });
  }
  if (types.includes('array')) {
    const maxLength = Math.min(s.maxItems ?? 4, Math.max(s.minItems ?? 0, depth > 2 ? 1 : 4));
    return fc.array(validArbitrary(s.items ?? {}, root, depth + 1), { minLength: s.minItems ?? 0, maxLength });
  }
  if (types.includes('integer')) {
    const { min, max } = bounds(s, true);
    return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.constantFrom(...[Math.ceil(min), Math.floor(max)].filter(Number.isSafeInteger)));
  }
  if (types.includes('number')) {
    const { min, max } = bounds(s, false);
    return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  }
  if (types.includes('boolean')) return fc.boolean();
  if (types.includes('string')) {
    const minLength = s.minLength ?? 0;
    const maxLength = s.maxLength ?? 10_000;
    if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    if (s.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    if (s.format === 'uuid') return fc.uuid({ version: 4 });
    if (s.format === 'uri' || s.format === 'url') return fc.webUrl();
    if (s.pattern) return matching(s.pattern).filter((c) => c.length >= minLength && c.length <= maxLength);
    return fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 40), unit: 'grapheme' });
  }
  if (types.includes('null')) return fc.constant(null);
  return fc.jsonValue({ maxDepth: 2 });
}

/** `arb`'s value once in ten, null otherwise. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: arb, weight: 1 });

/** What an attacker or a buggy client sends instead of a value. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, '', ' ', '\u0000', '0', '-1', 'NaN', '1e309', '🙂'.repeat(300), 'x'.repeat(70_000), "'; drop table users; --", '../../etc/passwd', '%00', '__proto__'),
  fc.constantFrom(0, -1, -0, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 80 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.date({ noInvalidDate: false }),
);

/**
 * Almost valid: each value is the schema's own most of the time and hostile some of the
 * time, at every depth; objects sometimes miss a required field or carry one too many.
 * Near-valid inputs get past the first checks and reach the code behind them; `named`
 * offers real values for fields by name (ids of records that exist).
 */
export function hostileArbitrary(schema: JsonSchema, root: unknown = schema, depth = 0, named: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> {
  const s = deref(schema, root);
  const own = (): fc.Arbitrary<unknown> => {
    const types = typesOf(s);
    if ((types.includes('object') || s.properties) && !s.enum && !('const' in s)) {
      const props = s.properties ?? {};
      // A field named in `named` is mostly given one of those values (real ids), so that inputs reach the records.
      const field = (k: string, v: JsonSchema) => (named[k] ? fc.oneof({ arbitrary: named[k], weight: 3 }, { arbitrary: hostileArbitrary(v, root, depth + 1, named), weight: 1 }) : hostileArbitrary(v, root, depth + 1, named));
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, field(k, v)]));
      const required = (s.required ?? []).filter((k) => k in props);
      return fc
        .tuple(fc.record(model, { requiredKeys: required }), rarely(fc.tuple(fc.constantFrom('extra', 'ownerSupplierId', 'distributorId', 'supplierId', 'balance', 'status', 'id', '__proto__', 'constructor'), hostileValue)), rarely(fc.constantFrom(...(required.length ? required : ['-']))))
        .map(([record, extra, drop]) => {
          const out: Record<string, unknown> = { ...record };
          if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
          if (drop) delete out[drop];
          return out;
        });
    }
    if (types.includes('array') && depth < 4) {
      return fc.array(hostileArbitrary(s.items ?? {}, root, depth + 1, named), { maxLength: Math.min((s.maxItems ?? 3) + 1, 4) });
    }
    return validArbitrary(s, root, depth);
  };
  // Mostly the schema's own values: an input with one bad value among good ones gets furthest.
  return fc.oneof({ arbitrary: own(), weight: 12 }, { arbitrary: hostileValue, weight: 1 });
}
