/**
 * A value already serialised to JSON, typed by what it holds: a read that has PostgreSQL
 * build its answer as JSON (json_agg) passes it on without parsing it into objects and
 * stringifying them again; the open API writes it into the envelope as it is.
 */
export class JsonText<T> {
  constructor(readonly text: string) {}

  parse(): T {
    return JSON.parse(this.text) as T;
  }
}

/**
 * The same as the UTF-8 bytes the database sent (a query read with postgres.js `raw()`):
 * not even decoded into a string on its way to the socket.
 */
export class JsonBytes<T> {
  constructor(readonly bytes: Buffer) {}

  parse(): T {
    return JSON.parse(this.bytes.toString('utf8')) as T;
  }
}
