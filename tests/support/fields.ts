/**
 * The fields of an input schema as paths, for writing one value into a sample input:
 * `rows[].orderNo` is the `orderNo` of the first row.
 */
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { deref, sampleOf, type JsonSchema } from './json-schema';

export type FieldPath = {
  /** `rows[].orderNo` */
  key: string;
  /** The field's own name: `orderNo`. */
  name: string;
  segments: string[];
  /** The schema of the value (of one element, for an array of ids). */
  leaf: JsonSchema;
  /** The schema of the object or array on the way, by segment, to create them. */
  parents: JsonSchema[];
};

/** The non-null alternative of `x | null`, or the schema itself. */
function nonNull(schema: JsonSchema, root: unknown): JsonSchema {
  const s = deref(schema, root);
  const alternatives = s.anyOf ?? s.oneOf;
  if (!alternatives) return s;
  const real = alternatives.map((a) => deref(a, root)).filter((a) => a.type !== 'null');
  return real.length === 1 ? nonNull(real[0], root) : s;
}

/** Every scalar field (and array of scalars) of an object schema, at any depth. */
export function fieldPaths(schema: JsonSchema, root: unknown = schema, segments: string[] = [], parents: JsonSchema[] = []): FieldPath[] {
  const s = nonNull(schema, root);
  const out: FieldPath[] = [];
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    const c = nonNull(child, root);
    const here = [...segments, name];
    if (c.properties) out.push(...fieldPaths(c, root, here, [...parents, s]));
    else if (c.type === 'array' && c.items) {
      const item = nonNull(c.items, root);
      if (item.properties) out.push(...fieldPaths(item, root, [...here, '[]'], [...parents, s, c]));
      else out.push({ key: `${here.join('.')}[]`.replace(/\.\[\]/g, '[]'), name, segments: [...here, '[]'], leaf: item, parents: [...parents, s, c] });
    } else out.push({ key: here.join('.').replace(/\.\[\]/g, '[]'), name, segments: here, leaf: c, parents: [...parents, s] });
  }
  return out;
}

/** A copy of `input` with the field set to `value` (objects and one-element arrays made on the way). */
export function setAt(input: unknown, field: FieldPath, value: unknown, named: Record<string, unknown> = {}): unknown {
  const copy = structuredClone(input ?? {}) as Record<string, unknown>;
  let node: Record<string, unknown> | unknown[] = copy;
  field.segments.forEach((segment, i) => {
    const last = i === field.segments.length - 1;
    if (segment === '[]') {
      const list = node as unknown[];
      if (last) {
        list.splice(0, list.length, value);
        return;
      }
      if (list.length === 0) list.push(sampleOf(field.parents[i + 1] ?? {}, field.parents[i + 1] ?? {}, named));
      node = list[0] as Record<string, unknown>;
      return;
    }
    const obj = node as Record<string, unknown>;
    if (last) {
      obj[segment] = value;
      return;
    }
    if (obj[segment] === undefined || obj[segment] === null) obj[segment] = field.segments[i + 1] === '[]' ? [] : {};
    node = obj[segment] as Record<string, unknown>;
  });
  return copy;
}

/** A value of the field's type that no record has: the largest id a serial column holds, or an order-number-like string. */
export function absentValue(leaf: JsonSchema): unknown {
  if (leaf.type === 'integer' || leaf.type === 'number') return Math.min(leaf.maximum ?? 2_147_483_000, 2_147_483_000);
  const re = leaf.pattern ? new RegExp(leaf.pattern) : null;
  const min = leaf.minLength ?? 0;
  const max = leaf.maxLength ?? 1000;
  const candidates = ['NOSUCH0000000000000000', 'evt_ffffffffffffffffffffffff', 'NO-SUCH-RECORD', 'nosuch'];
  const fit = candidates.find((c) => (!re || re.test(c)) && c.length >= min && c.length <= max);
  if (fit) return fit;
  if (re) return fc.sample(fc.stringMatching(re).filter((c) => c.length >= min && c.length <= max), { seed: 11, numRuns: 1 })[0];
  return 'nosuch'.padEnd(min, 'x');
}

/**
 * A value like `value` that names no record: for a number the largest id of a serial
 * column, for a string the same string with other random digits (or letters, when it has
 * none). It is malformed where `value` is, so that comparing the answers to both tells only
 * whether the record exists; and it is new each time, so that a call that creates (an
 * order under a mall order number) finds it unused.
 */
export function twinOf(value: unknown, taken: readonly unknown[] = []): unknown {
  if (typeof value === 'number') return value === 2_147_483_000 ? 2_147_482_999 : 2_147_483_000;
  if (typeof value !== 'string') return value;
  const hasDigits = /[0-9]/.test(value);
  for (;;) {
    const twin: string = value.replace(hasDigits ? /[0-9]/g : /[a-z]/gi, (c: string, at: number) => {
      // A number's first digit stays non-zero: "01121066" for "16000013" is a malformed id
      // (400) where the original is a well-formed one (404), about one run in ten.
      if (hasDigits) return String(c !== '0' && !/[0-9]/.test(value[at - 1] ?? '') ? 1 + randomInt(9) : randomInt(10));
      const letter = String.fromCharCode(97 + randomInt(26));
      return c === c.toUpperCase() ? letter.toUpperCase() : letter;
    });
    if (twin !== value && !taken.includes(twin)) return twin;
  }
}
