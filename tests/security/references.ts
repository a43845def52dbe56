/**
 * Finding out which input fields name a tenant's records, for the tenant matrices of both
 * doors (tRPC and the open API). A field named like an id is tried with each of the
 * owner's ids (and everyone's): those for which the owner's answer differs from its answer
 * to an id that does not exist are real to it. A field whose answer never changes although
 * the owner is told NOT_FOUND is one the world has no record for: the matrix fails on it.
 */
import { absentValue, setAt, twinOf, type FieldPath } from '@tests/support/fields';
import type { JsonSchema } from '@tests/support/json-schema';

/** Input fields that name a record, by the names the schemas give them. */
export const NAMES_A_RECORD = /^(id|ids)$|Ids?$|Nos?$|Codes?$/;

export type Answer = {
  /** What is compared: two answers alike are the same to whoever reads them. */
  key: string;
  notFound: boolean;
  /** The input was refused as malformed (by its schema): says nothing about the record. */
  badInput: boolean;
};

export type Door = {
  fields: FieldPath[];
  base: unknown;
  /** The owner's ids and everyone's that may fit a field (the owner's first). */
  candidates: (field: FieldPath) => { owner: unknown[]; shared: unknown[] };
  valid: (input: unknown, field: FieldPath, value: unknown) => boolean;
  /** The owner's answer to an input (without keeping what it does, where the door allows). */
  asOwner: (input: unknown, field: FieldPath, value: unknown) => Promise<Answer>;
};

export type Reference = { field: FieldPath; values: unknown[]; base: unknown };

/** Leaves out the other optional id fields of the same object: a record is named by one at a time (a product by its id or its SKU code). */
export function alone(input: unknown, field: FieldPath, fields: FieldPath[]): unknown {
  const parent = field.parents[field.parents.length - 1];
  const siblings = fields.filter((f) => f !== field && f.segments.length === field.segments.length && f.segments.slice(0, -1).join('/') === field.segments.slice(0, -1).join('/'));
  let out = input;
  for (const s of siblings) if (NAMES_A_RECORD.test(s.name) && !(parent.required ?? []).includes(s.name)) out = setAt(out, s, undefined);
  return out;
}

/**
 * `door.fields` are the fields to try: the id-like ones, and any others worth trying with
 * the owner's ids (a search box). Only id-like ones are required to open something.
 */
export async function findReferences(door: Door): Promise<{ references: Reference[]; unresolved: FieldPath[] }> {
  let base = door.base;
  const unresolved = new Map(door.fields.map((f) => [f.key, f]));
  const references: Reference[] = [];
  for (let pass = 0; pass < 3 && unresolved.size > 0; pass++) {
    for (const field of [...unresolved.values()]) {
      const start = alone(base, field, door.fields);
      const absent = absentValue(field.leaf);
      const { owner, shared } = door.candidates(field);
      // A string the input already holds elsewhere would make answers to it and to its twin hard to compare.
      const elsewhere = JSON.stringify(setAt(start, field, null));
      const tries = [...owner, ...shared].filter((v) => door.valid(setAt(start, field, v), field, v) && !(typeof v === 'string' && elsewhere.includes(v)));
      if (!door.valid(setAt(start, field, absent), field, absent)) {
        if (tries.length === 0 && !NAMES_A_RECORD.test(field.name)) unresolved.delete(field.key);
        continue;
      }
      const whenAbsent = await door.asOwner(setAt(start, field, absent), field, absent);
      if (whenAbsent.badInput) continue; // another field is not right yet: next pass
      const opens: unknown[] = [];
      const known = [...owner, ...shared];
      for (const v of tries) {
        const twin = twinOf(v, known);
        const asTwin = door.valid(setAt(start, field, twin), field, twin) ? await door.asOwner(setAt(start, field, twin), field, twin) : whenAbsent;
        if ((await door.asOwner(setAt(start, field, v), field, v)).key !== asTwin.key) opens.push(v);
      }
      const ofOwner = opens.filter((v) => owner.includes(v));
      if (ofOwner.length > 0) {
        references.push({ field, values: ofOwner, base: start });
        base = setAt(start, field, ofOwner[0]);
        unresolved.delete(field.key);
      } else if (opens.length > 0 || !whenAbsent.notFound) {
        // Opens only everyone's records, or picks no record at all (a filter, a free text).
        if (opens.length > 0) base = setAt(start, field, opens[0]);
        unresolved.delete(field.key);
      }
    }
  }
  return { references, unresolved: [...unresolved.values()].filter((f) => NAMES_A_RECORD.test(f.name)) };
}

/** Whether a value fits a field's schema, as far as its type, bounds and pattern go (what the open API's document says). */
export function fits(leaf: JsonSchema, value: unknown): boolean {
  if (leaf.enum) return leaf.enum.includes(value);
  if (leaf.type === 'integer' || leaf.type === 'number') {
    if (typeof value !== 'number' || (leaf.type === 'integer' && !Number.isInteger(value))) return false;
    if (leaf.minimum !== undefined && value < leaf.minimum) return false;
    if (leaf.maximum !== undefined && value > leaf.maximum) return false;
    if (leaf.exclusiveMinimum !== undefined && value <= leaf.exclusiveMinimum) return false;
    return leaf.exclusiveMaximum === undefined || value < leaf.exclusiveMaximum;
  }
  if (leaf.type === 'string') {
    if (typeof value !== 'string') return false;
    if (leaf.minLength !== undefined && value.length < leaf.minLength) return false;
    if (leaf.maxLength !== undefined && value.length > leaf.maxLength) return false;
    return !leaf.pattern || new RegExp(leaf.pattern).test(value);
  }
  return true;
}
