import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { MallClient } from '@/mall-client';
import { asciiJson } from '@/lib/json-text';
import { testDb } from '@tests/support/db';
import { createBrand, createCategory, createProduct } from '@tests/support/factories';
import { createMall, inProcessFetch, RECEIVER, BASE_URL, type Mall } from './support';

/**
 * Every answer of the open API is JSON in ASCII (docs/open-api.md "Responses and errors"):
 * a character beyond ASCII is written as its \u escape, whether the app wrote the answer
 * (`asciiJson`) or PostgreSQL did (the catalog's ready JSON, `hub_json_ascii` of
 * drizzle/0021). A mall's parser reads back the very text that was stored.
 */
const db = testDb();

/** The bytes of the answer that are not ASCII, with where they are (none, for a passing answer). */
function beyondAscii(bytes: Buffer) {
  const found: string[] = [];
  bytes.forEach((b, i) => {
    if (b >= 0x80 && found.length < 5) found.push(`${i}: ${bytes.subarray(Math.max(0, i - 20), i + 4).toString('utf8')}`);
  });
  return found;
}

/** Any string PostgreSQL's text can hold: every code point but NUL, no lone surrogate halves. */
const storable = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replaceAll('\0', ''));

describe('answers in ASCII', () => {
  it('asciiJson: ASCII only, and a parser reads back what JSON.stringify wrote', () => {
    fc.assert(
      fc.property(fc.jsonValue(), storable, (value, text) => {
        for (const v of [value, text, { [text]: [text, value] }]) {
          const written = asciiJson(v);
          expect(beyondAscii(Buffer.from(written))).toEqual([]);
          expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(v)));
        }
      }),
      { numRuns: 300 },
    );
    // Astral characters as their UTF-16 halves, lower case, as JSON.stringify escapes.
    expect(asciiJson('炒锅 😀 é\u2028')).toBe('"\\u7092\\u9505 \\ud83d\\ude00 \\u00e9\\u2028"');
  });

  it("PostgreSQL's hub_json_ascii writes the JSON text of any string as asciiJson does", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(storable, { minLength: 1, maxLength: 20 }), async (texts) => {
        const rows = await db.execute<{ ascii: string }>(sql`select hub_json_ascii(to_json(t)::text) as ascii from json_array_elements_text(${JSON.stringify(texts)}::json) with ordinality as x(t, n) order by n`);
        expect(rows.map((r) => r.ascii)).toEqual(texts.map((t) => asciiJson(t)));
      }),
      { numRuns: 40 },
    );
  });

  describe('over the open API', () => {
    let mall: Mall;
    let client: MallClient;
    const answers: { path: string; bytes: Buffer }[] = [];
    let productId: number;
    const title = '炒锅 "特价" 😀 \u2028 é';

    beforeAll(async () => {
      const category = await createCategory(db, { name: '厨具 ASCII' });
      const brand = await createBrand(db, { name: '品牌 ASCII 😀' });
      mall = await createMall(db, { selectCategoryIds: [category.id] });
      productId = (
        await createProduct(db, {
          categoryId: category.id,
          brandId: brand.id,
          title,
          supplyPrice: 1000,
          stock: 10,
          attributes: [{ name: '规格', value: '大号 🍳' }],
          images: ['商品图/主图.jpg', 'https://cdn.example.com/图片/锅.jpg'],
        })
      ).id;
      // The mall's own client, recording every answer's bytes as they came.
      const fetch = inProcessFetch();
      client = new MallClient({
        ...mall.credentials,
        baseUrl: BASE_URL,
        retries: 0,
        fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
          const response = await fetch(input, init);
          answers.push({ path: String(input), bytes: Buffer.from(await response.clone().arrayBuffer()) });
          return response;
        }) as typeof globalThis.fetch,
      });
    });

    it('catalog, orders, events, errors and the contract itself: every byte ASCII, every text as stored', async () => {
      const since = new Date(Date.now() - 60_000).toISOString();
      expect((await client.categories()).map((c) => c.name)).toContain('厨具 ASCII');
      expect((await client.brands()).map((b) => b.name)).toContain('品牌 ASCII 😀');
      const [listed] = (await client.products()).data;
      expect(listed).toMatchObject({ id: productId, title, attributes: [{ name: '规格', value: '大号 🍳' }] });
      expect(listed.images[1]).toBe('https://cdn.example.com/图片/锅.jpg');
      expect((await client.products({ updatedSince: since })).data.map((p) => p.title)).toContain(title);
      expect(await client.product(productId)).toEqual(listed);
      const { order } = await client.createOrder({ mallOrderNo: `ASCII-${productId}`, items: [{ productId, quantity: 1 }], receiver: RECEIVER });
      expect(order.receiver).toEqual(RECEIVER);
      expect((await client.order(order.orderNo)).items[0].title).toBe(title);
      await client.events();
      await client.stock([productId]);
      // Error answers: not found, and a bad request that names its fields.
      await expect(client.request('GET', '/products/999999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(client.request('POST', '/orders', { body: { mallOrderNo: '单号', items: [], receiver: RECEIVER } })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await client.request('GET', '/openapi.json');

      expect(answers.length).toBe(12);
      for (const answer of answers) expect(beyondAscii(answer.bytes), answer.path).toEqual([]);
      // Not vacuous: the texts above came escaped.
      expect(answers.some((a) => a.bytes.includes('\\u7092\\u9505'))).toBe(true);
    });
  });
});
