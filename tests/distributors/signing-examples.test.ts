import { execFile } from 'node:child_process';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlExample, EXAMPLE_TARGET, nodeExample } from '@/components/distributors/signing-examples';

const run = promisify(execFile);
const CODE = 'D0002';
const KEY = 'ak_0123456789abcdef01234567';
const SECRET = 'sk_test-secret-for-the-examples_0123456789abcdefg';

/** A stand-in for the hub that checks X-Signature exactly as docs/open-api.md defines it. */
function verifyingServer() {
  const seen: { method: string; target: string; ok: boolean; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const h = (name: string) => String(req.headers[name] ?? '');
      const toSign = [req.method, req.url, h('x-timestamp'), h('x-nonce'), createHash('sha256').update(raw).digest('hex')].join('\n');
      const expected = Buffer.from(createHmac('sha256', SECRET).update(toSign).digest('hex'));
      const given = Buffer.from(h('x-signature'));
      const ok =
        given.length === expected.length &&
        timingSafeEqual(given, expected) &&
        h('x-distributor-code') === CODE &&
        h('x-app-key') === KEY &&
        Math.abs(Number(h('x-timestamp')) - Date.now() / 1000) <= 300 &&
        /^[A-Za-z0-9_-]{16,64}$/.test(h('x-nonce'));
      seen.push({ method: req.method!, target: req.url!, ok, body: raw.toString() });
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { data: { ok: true } } : { error: { code: 'BAD_SIGNATURE' } }));
    });
  });
  return { server, seen };
}

describe('the signing examples on the binding page', () => {
  const { server, seen } = verifyingServer();
  let hubUrl: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signing-'));
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the curl example signs a request the contract accepts', async () => {
    const { stdout } = await run('bash', ['-c', curlExample({ hubUrl, code: CODE, appKey: KEY })], { env: { ...process.env, SUPPLY_HUB_SECRET: SECRET } });
    expect(JSON.parse(stdout)).toEqual({ data: { ok: true } });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', target: EXAMPLE_TARGET, ok: true });
  });

  it('the Node example signs GETs and POSTs with a body the contract accepts, and a wrong secret fails', async () => {
    const file = path.join(dir, 'hub.mjs');
    fs.writeFileSync(file, nodeExample({ hubUrl, code: CODE, appKey: KEY }));
    const { stdout } = await run(process.execPath, [file], { env: { ...process.env, SUPPLY_HUB_SECRET: SECRET } });
    expect(JSON.parse(stdout)).toEqual({ status: 200, body: { data: { ok: true } } });

    const post = path.join(dir, 'post.mjs');
    fs.writeFileSync(post, `import { callHub } from './hub.mjs';\nconsole.log(JSON.stringify(await callHub('POST', '/api/open/v1/stock', { productIds: [1, 2] })));\n`);
    const posted = await run(process.execPath, [post], { env: { ...process.env, SUPPLY_HUB_SECRET: SECRET } });
    expect(JSON.parse(posted.stdout.trim().split('\n').at(-1)!)).toEqual({ status: 200, body: { data: { ok: true } } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', target: '/api/open/v1/stock', ok: true, body: '{"productIds":[1,2]}' });

    const wrong = await run(process.execPath, [file], { env: { ...process.env, SUPPLY_HUB_SECRET: 'sk_wrong' } });
    expect(JSON.parse(wrong.stdout)).toMatchObject({ status: 401 });
  });
});
