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
