import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Credentials } from '@/mall-client';
import { startAppServer, type AppServer } from '@tests/support/app-server';
import { testDb } from '@tests/support/db';
import { createCategory } from '@tests/support/factories';
import { createMall, setDistributor } from './support';

/**
 * Catalog pages are read from PostgreSQL into buffers that the server uses again once a
 * page is written out (db/connect.ts `returnMessageBuffer`, open-api/direct.ts). A buffer
 * given back while a mall was still receiving its page would be written over by the next
 * page read: this walks full syncs side by side over real HTTP, malls that read slowly among
 * them (the server's writes wait for them), and every page must be byte for byte the one a
 * lone sync received.
 */
const db = testDb();
const LIMIT = 400;

describe('catalog pages in reused buffers', () => {
  let server: AppServer;
  let mall: Credentials;

  beforeAll(async () => {
    const category = await createCategory(db, { name: '缓冲类目' });
    const created = await createMall(db, { selectCategoryIds: [category.id] });
    mall = created.credentials;
    await setDistributor(db, created.distributorId, { rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 });
    // 1,500 products whose JSON is some 600 bytes each: pages of 400 are about 240 kB (the last, of 300, 180 kB), more than a
    // socket takes before the mall reads, and than the buffers are lent from (64 kB).
    const [brand] = await db.execute<{ id: number }>(sql`INSERT INTO brands (name) VALUES ('缓冲品牌') RETURNING id`);
    await db.execute(sql`
      INSERT INTO products (sku_code, title, category_id, brand_id, stock, cost_price, supply_price, status, images)
      SELECT 'BUF-' || lpad(g::text, 5, '0'), '缓冲测试商品 ' || g || ' ' || repeat(chr(19968 + g % 500), 40), ${category.id}, ${brand.id},
             g % 300, 100, 1000 + g, 'on_sale', jsonb_build_array('products/buf/' || g || '.jpg')
      FROM generate_series(1, 1500) g`);
    // The app reaches PostgreSQL through its Unix socket, as `npm start` reaches the embedded
    // server: only there are messages read into lent buffers (db/connect.ts).
    const [{ dirs }] = await db.execute<{ dirs: string }>(sql`SELECT current_setting('unix_socket_directories') AS dirs`);
    const url = new URL(process.env.DATABASE_URL!);
    // (A TEST_DATABASE_URL server without a socket here is reached over TCP: the pages must be right all the same.)
    const socketDir = dirs.split(',').map((dir) => dir.trim()).find((dir) => dir && fs.existsSync(`${dir}/.s.PGSQL.${url.port}`));
    if (socketDir) url.searchParams.set('host', socketDir);
    else expect(process.env.TEST_DATABASE_URL, 'the embedded test database listens on a Unix socket').toBeDefined();
    server = await startAppServer({ env: { DATABASE_URL: url.toString() } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** One page: its status and bytes, read at once or, by a slow mall, after `pauseMs` of not reading. */
  function getPage(agent: http.Agent, cursor: string | null, pauseMs: number): Promise<{ status: number; body: Buffer; nextCursor: string | null }> {
    const target = `/api/open/v1/products?limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`;
    return new Promise((resolve, reject) => {
      const request = http.get(server.baseUrl + target, { agent, headers: signRequest(mall, { method: 'GET', pathAndQuery: target }) }, (response) => {
        const chunks: Buffer[] = [];
        const read = () => {
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            const nextCursor = response.statusCode === 200 ? (JSON.parse(body.toString('utf8')) as { nextCursor: string | null }).nextCursor : null;
            resolve({ status: response.statusCode!, body, nextCursor });
          });
        };
        if (pauseMs === 0) read();
        else {
          // Reads nothing for a while: the server's write of the page waits for this mall.
          response.pause();
          setTimeout(() => {
            read();
            response.resume();
          }, pauseMs);
        }
      });
      request.on('error', reject);
    });
  }

  /** A whole full sync on one keep-alive connection: each page's bytes by the cursor it was asked with. */
  async function sync(pauseMs: number) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const pages = new Map<string, Buffer>();
    let cursor: string | null = null;
    try {
      do {
        const page = await getPage(agent, cursor, pauseMs);
        expect(page.status).toBe(200);
        pages.set(cursor ?? '', page.body);
        cursor = page.nextCursor;
      } while (cursor);
    } finally {
      agent.destroy();
    }
    return pages;
  }

  /**
   * A mall that sends `count` requests for the first page at once on one connection
   * (pipelined) and reads nothing for `pauseMs`: more than the sockets' buffers take, so
   * the server's writes of these pages wait for it. Then reads every answer's body.
   */
  async function pipelinedFirstPages(count: number, pauseMs: number): Promise<Buffer[]> {
    const url = new URL(server.baseUrl);
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const target = `/api/open/v1/products?limit=${LIMIT}`;
    const requests = Array.from({ length: count }, () => {
      const headers = Object.entries(signRequest(mall, { method: 'GET', pathAndQuery: target })).map(([k, v]) => `${k}: ${v}\r\n`);
      return `GET ${target} HTTP/1.1\r\nhost: ${url.host}\r\n${headers.join('')}\r\n`;
    });
    socket.pause();
    socket.write(requests.join(''));
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.resume();
    const bodies: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', () => {
        let all = Buffer.concat(chunks);
        while (bodies.length < count) {
          const headEnd = all.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const length = Number(/content-length: *(\d+)/i.exec(all.toString('latin1', 0, headEnd))![1]);
          if (all.length < headEnd + 4 + length) return;
          bodies.push(Buffer.from(all.subarray(headEnd + 4, headEnd + 4 + length)));
          all = all.subarray(headEnd + 4 + length);
          chunks.splice(0, chunks.length, all);
        }
        resolve();
      });
    });
    socket.destroy();
    return bodies;
  }

  it('gives every mall exactly its own pages, however slowly some of them read', async () => {
    const alone = await sync(0);
    expect(alone.size).toBe(4); // 1,500 products in pages of 400
    for (const body of alone.values()) expect(body.length).toBeGreaterThan(150_000);

    // Side by side: fast malls syncing again and again while slow ones hold their pages' writes.
    const slow = Array.from({ length: 2 }, () => sync(120));
    const fast = Array.from({ length: 3 }, async () => {
      const runs = [];
      for (let i = 0; i < 4; i++) runs.push(await sync(0));
      return runs;
    });
    // And one that asked for 30 first pages at once (7 MB) and reads none of them for a while.
    const held = pipelinedFirstPages(30, 1_500);
    const synced = [...(await Promise.all(slow)), ...(await Promise.all(fast)).flat()];
    expect(synced.length).toBe(14);
    const firstPages = await held;
    expect(firstPages.length).toBe(30);
    firstPages.forEach((body, i) => expect(body.equals(alone.get('')!), `held first page ${i}`).toBe(true));
    for (const pages of synced) {
      expect([...pages.keys()]).toEqual([...alone.keys()]);
      for (const [cursor, body] of pages) expect(body.equals(alone.get(cursor)!), `page after cursor "${cursor}"`).toBe(true);
    }
  }, 120_000);
});
