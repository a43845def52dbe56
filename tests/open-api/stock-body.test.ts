import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStockInput, stockInput } from '@/server/domain/mall/catalog';
import { endpoints } from '@/server/open-api/endpoints';

/**
 * `POST /stock` bodies are checked by hand (`isStockInput`) before zod: on whatever a body's
 * JSON parses to, the hand check must accept exactly what the schema accepts, and what it
 * accepts must be what the schema would have made of it. Whatever it refuses goes through
 * the schema, so the errors are the schema's (tests/open-api/catalog.test.ts).
 */
describe('POST /stock body: the hand check agrees with the schema', () => {
  const agrees = (text: string) => {
    const value: unknown = JSON.parse(text);
    const parsed = stockInput.safeParse(value);
    expect(isStockInput(value), text).toBe(parsed.success);
    if (parsed.success) expect(value).toStrictEqual(parsed.data);
    return parsed.success;
  };
  const ids = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => i + 1));

  it('is the endpoint’s check', () => {
    expect(endpoints.stockLevels.bodyAsIs).toBe(isStockInput);
  });

  it('on chosen bodies at every edge', () => {
    const valid = ['{"productIds":[1]}', '{"productIds":[2147483647]}', `{"productIds":${ids(500)}}`, '{"productIds":[5,5,5]}', '{"productIds":[1.0, 2e0]}'];
    const invalid = [
      'null',
      '"productIds"',
      '1',
      '[]',
      '[[1]]',
      '{}',
      '{"productIds":[]}',
      `{"productIds":${ids(501)}}`,
      '{"productIds":[0]}',
      '{"productIds":[-0]}',
      '{"productIds":[-1]}',
      '{"productIds":[1.5]}',
      '{"productIds":[2147483648]}',
      '{"productIds":[9007199254740992]}',
      '{"productIds":[1e400]}',
      '{"productIds":["1"]}',
      '{"productIds":[null]}',
      '{"productIds":[true]}',
      '{"productIds":[[1]]}',
      '{"productIds":"1"}',
      '{"productIds":{"0":1,"length":1}}',
      '{"productIds":[1],"other":1}',
      '{"productIds":[1],"__proto__":{"x":1}}',
      '{"__proto__":{"productIds":[1]}}',
      '{"productids":[1]}',
    ];
    for (const text of valid) expect(agrees(text), text).toBe(true);
    for (const text of invalid) expect(agrees(text), text).toBe(false);
  });

  it('on any JSON, and on bodies almost right', () => {
    const id = fc.oneof(
      fc.integer({ min: 1, max: 2_147_483_647 }),
      fc.integer(),
      fc.double(),
      fc.constantFrom(0, -0, 1, 2_147_483_647, 2_147_483_648, 2 ** 53, -1, 0.5),
      fc.string({ maxLength: 3 }),
      fc.constant(null),
    );
    const almost = fc.record(
      {
        productIds: fc.oneof(fc.array(id, { maxLength: 510 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 495, maxLength: 505 }), id),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const right = fc.record({ productIds: fc.array(fc.integer({ min: 1, max: 2_147_483_647 }), { minLength: 1, maxLength: 500 }) });
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), almost, right), (value) => void seen[agrees(JSON.stringify(value) ?? 'null') ? 'accepted' : 'refused']++),
      { numRuns: 2000 },
    );
    // Both ways, many times each: the property compared the two on valid bodies too.
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });
});
