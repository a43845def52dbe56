import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { DomainError } from '../errors';

/**
 * Opaque keyset cursors: base64url JSON of where the last page ended, with a fingerprint
 * of the query's filters so that a cursor cannot be replayed against another query.
 * Malls must not build or parse them.
 */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** `encodeCursor` in SQL, of the cursor's JSON text: the same base64url (no padding). */
export function encodeCursorSql(json: SQL): SQL {
  return sql`rtrim(translate(encode(convert_to(${json}, 'UTF8'), 'base64'), '+/' || chr(10), '-_'), '=')`;
}

export function decodeCursor<S extends z.ZodType<{ f: string }>>(cursor: string, schema: S, filterKey: string): z.output<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const result = schema.safeParse(parsed);
  if (!result.success || result.data.f !== filterKey) {
    throw new DomainError('INVALID_REQUEST', 'The cursor is not one this query gave out', { fields: { cursor: 'not a cursor of this query' } });
  }
  return result.data;
}
