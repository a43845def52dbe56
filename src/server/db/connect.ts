import postgres from 'postgres';

/**
 * Opens a postgres.js client. Understands libpq's way of naming a Unix socket in a URL,
 * `postgres://user:pw@localhost:5432/db?host=/socket/dir` (postgres.js itself does not):
 * the embedded server is reached that way, skipping loopback TCP, whose writes are the
 * dearest part of a query on these machines.
 */
export function connectPostgres(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  if (socketDir?.startsWith('/')) {
    parsed.searchParams.delete('host');
    const port = parsed.port || '5432';
    return postgres(parsed.toString(), { ...options, path: `${socketDir}/.s.PGSQL.${port}` });
  }
  return postgres(url, options);
}
