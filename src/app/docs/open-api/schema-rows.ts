/**
 * Turns the JSON Schemas of the OpenAPI document into rows a person reads: one per field,
 * nested fields by their dotted path (`items[].quantity`), references by the name of the
 * schema they point to.
 */
type Json = Record<string, unknown>;
export type FieldRow = { field: string; type: string; required: boolean; description: string };

const refName = (ref: string) => ref.split('/').at(-1)!;

export function typeOf(schema: Json): string {
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(' | ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  if (schema.type === 'array') return `${typeOf((schema.items ?? {}) as Json)}[]`;
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? (typeof schema.exclusiveMinimum === 'number' ? `>${schema.exclusiveMinimum}` : undefined);
    const max = schema.maximum;
    const range = min !== undefined && max !== undefined && Number(max) < 1e9 ? ` (${min}–${max})` : '';
    return `integer${range}`;
  }
  if (schema.type === 'string') {
    if (schema.format === 'date-time') return 'string (ISO 8601)';
    if (schema.format === 'uri') return 'string (URL)';
    if (schema.maxLength) return `string (≤${schema.maxLength})`;
    return 'string';
  }
  if (typeof schema.type === 'string') return schema.type;
  return 'any';
}

export function fieldRows(schema: Json, components: Record<string, Json>, prefix = '', depth = 0): FieldRow[] {
  const resolved = typeof schema.$ref === 'string' && depth === 0 ? components[refName(schema.$ref)] : schema;
  const properties = (resolved?.properties ?? {}) as Record<string, Json>;
  const required = new Set((resolved?.required ?? []) as string[]);
  const rows: FieldRow[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const field = prefix ? `${prefix}.${name}` : name;
    rows.push({ field, type: typeOf(property), required: required.has(name), description: String(property.description ?? '') });
    // Inline objects (not named schemas) are opened up, one level at a time.
    const inner = property.type === 'array' ? (property.items as Json | undefined) : property;
    if (inner && inner.type === 'object' && inner.properties && depth < 3) {
      rows.push(...fieldRows(inner, components, property.type === 'array' ? `${field}[]` : field, depth + 1));
    }
  }
  return rows;
}
