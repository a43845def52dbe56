import { afterAll, beforeAll } from 'vitest';
import type { Db } from '@/server/db/client';
import { DomainError } from '@/server/domain/errors';
import { racingDb } from './db';

/**
 * A racing pool of `connections` (racingDb) for one test file: opened before its tests,
 * closed after them. Returns the pool's getter, for contexts made inside the tests.
 */
export function useRacingDb(connections: number): () => Db {
  let race: Db | undefined;
  beforeAll(() => {
    race = racingDb(connections);
  });
  afterAll(async () => {
    await race?.$client.end();
  });
  return () => race!;
}

/** What a raced call came to: 'ok', its domain error code, or the error as text. */
export const outcomeCode = (r: PromiseSettledResult<unknown>): string =>
  r.status === 'fulfilled' ? 'ok' : r.reason instanceof DomainError ? r.reason.code : String(r.reason);
