import { expect } from 'vitest';

/** The PostgreSQL error behind a Drizzle "Failed query" error (it sits in the cause chain). */
function pgErrorOf(error: unknown): { code?: string; constraint_name?: string; message?: string } {
  let e = error as { cause?: unknown; code?: string } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e as never;
    e = e.cause as typeof e;
  }
  return {};
}

/** Asserts that the database refused the statement, naming the constraint or the message. */
export async function expectDbRefusal(promise: Promise<unknown>, pattern: RegExp) {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  expect(caught, 'the database should have refused this').toBeDefined();
  const pg = pgErrorOf(caught);
  expect(`${pg.constraint_name ?? ''} ${pg.message ?? ''}`).toMatch(pattern);
}
