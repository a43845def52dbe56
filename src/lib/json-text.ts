/**
 * A value already serialised to JSON, typed by what it holds, as the UTF-8 bytes the
 * database sent (a query read with postgres.js `raw()`): a read that has PostgreSQL build
 * its answer passes it on without parsing it into objects and stringifying them again, nor
 * even decoding it into a string on its way to the socket.
 */
export class JsonBytes<T> {
  constructor(readonly bytes: Buffer) {}

  parse(): T {
    return JSON.parse(this.bytes.toString('utf8')) as T;
  }
}

/**
 * `value` as JSON in ASCII: every character beyond it written as a `\u` escape (a character
 * beyond the Basic Multilingual Plane as its two UTF-16 halves), as the open API writes
 * every answer (docs/open-api.md "Responses and errors"; the catalog's ready JSON the same
 * way in PostgreSQL, `hub_json_ascii` of drizzle/0021). Any JSON parser reads back the same
 * text; a JavaScript mall decodes ASCII bytes into one-byte strings, which it decodes and
 * parses faster (a full-sync page: 1.75 → 1.05 ms, BENCHMARKS.md).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(BEYOND_ASCII, escapeChar);
}

const BEYOND_ASCII = /[\u0080-\uffff]/g;
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
