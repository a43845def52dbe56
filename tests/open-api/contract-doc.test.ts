import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { computeSignature, sha256Hex } from '@/mall-client/signing';
import { errorCodes } from '@/server/domain/errors';
import { endpoints, eventTypes, wireErrorCodes } from '@/server/open-api/endpoints';
import { MAX_BODY_BYTES } from '@/server/open-api/body';
import { TIMESTAMP_TOLERANCE_SECONDS } from '@/server/open-api/verify';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/open-api.md'), 'utf8');
const AUTH = ['UNAUTHENTICATED', 'BAD_SIGNATURE', 'TIMESTAMP_SKEW', 'NONCE_REUSED', 'IP_NOT_ALLOWED', 'DISTRIBUTOR_DISABLED', 'RATE_LIMITED'];

/** The first fenced block after a marker comment. */
function blockAfter(marker: string): string {
  const rest = doc.slice(doc.indexOf(marker));
  expect(rest.length, marker).toBeLessThan(doc.length + 1);
  return /```[a-z]*\n([\s\S]*?)\n```/.exec(rest)![1];
}

/** docs/open-api.md is the contract malls read: it must say what the code serves. */
describe('docs/open-api.md', () => {
  it('documents every endpoint with exactly the error codes it can answer', () => {
    for (const [name, e] of Object.entries(endpoints)) {
      const heading = `### \`${e.method.toUpperCase()} ${e.path}\``;
      const at = doc.indexOf(heading);
      expect(at, `${name}: ${heading}`).toBeGreaterThan(-1);
      const section = doc.slice(at, doc.indexOf('\n### ', at + 1));
      const line = /错误 Errors: (.*)/.exec(section)?.[1] ?? '';
      const listed = new Set(line.split(', ').flatMap((c) => (c === 'auth errors' ? AUTH : [c.replace(/`/g, '')])));
      expect([...listed].sort(), name).toEqual([...new Set(e.errors)].sort());
    }
  });

  it('lists every error code with its status, every callback type, and the limits', () => {
    for (const code of wireErrorCodes) {
      const status = code === 'INTERNAL_ERROR' ? 500 : errorCodes[code];
      expect(doc, code).toMatch(new RegExp(`\\| ${status} \\| \`${code}\` \\|`));
    }
    for (const type of eventTypes) expect(doc).toContain(`\`${type}\``);
    expect(doc).toContain(`${TIMESTAMP_TOLERANCE_SECONDS} 秒`);
    expect(doc).toContain(`${MAX_BODY_BYTES.toLocaleString('en')} 字节`);
  });

  it('has signing examples that compute as written', () => {
    for (const method of ['GET', 'POST']) {
      const lines = blockAfter(`<!-- signing-example: ${method} -->`).split('\n');
      const [m, pathAndQuery, timestamp, nonce, bodySha256] = lines;
      const signature = new RegExp(`<!-- signing-example: ${method} -->[\\s\\S]*?X-Signature: \`([0-9a-f]{64})\``).exec(doc)![1];
      expect(computeSignature('sk_demo_5e1f0c8a2b7d4e6f9a3c1b0d', { method: m, pathAndQuery, timestamp, nonce, bodySha256 })).toBe(signature);
    }
    const postBody = /POST `\/api\/open\/v1\/orders`，请求体[^\n]*\n\n```json\n(.*)\n```/.exec(doc)![1];
    expect(sha256Hex(postBody)).toBe(blockAfter('<!-- signing-example: POST -->').split('\n')[4]);
    expect(sha256Hex('')).toBe(blockAfter('<!-- signing-example: GET -->').split('\n')[4]);

    const body = blockAfter('<!-- webhook-example -->');
    const signature = /webhook-signature: `(v1,[^`]+)`/.exec(doc)![1];
    expect(new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').sign('evt_0a1b2c3d4e5f60718293a4b5', new Date(1796004060_000), body)).toBe(signature);
    expect(JSON.parse(body)).toMatchObject({ id: 'evt_0a1b2c3d4e5f60718293a4b5', type: 'product.stock_changed' });
  });
});

describe('the repository', () => {
  it('points nowhere outside itself (no ../shared, no OPEN_API.md, PRODUCT.md or STYLE.md of elsewhere)', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    const offenders: string[] = [];
    for (const file of files) {
      if (file === 'package-lock.json' || file === 'tests/open-api/contract-doc.test.ts') continue;
      const full = path.join(ROOT, file);
      if (!fs.existsSync(full) || fs.statSync(full).size > 2_000_000) continue;
      const text = fs.readFileSync(full, 'utf8');
      text.split('\n').forEach((line, i) => {
        if (/\.\.\/shared\b|OPEN_API\.md|PRODUCT\.md|STYLE\.md/.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
