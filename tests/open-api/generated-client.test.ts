import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/server/db/seed';
import { testDb } from '@tests/support/db';
import { hubClient, playWorkedExample } from '../../examples/openapi-fetch/worked-example';
import { generatedSchemaTypes } from '../../scripts/lib/openapi-types';
import { BASE_URL, inProcessFetch } from './support';

const EXAMPLE_DIR = path.resolve(import.meta.dirname, '../../examples/openapi-fetch');

/**
 * A mall's own client, generated from the OpenAPI document (openapi-typescript) and called
 * through openapi-fetch: its types are current, it type-checks, and it plays the worked
 * example against the hub's real handlers and database.
 */
describe('a client generated from the OpenAPI document', () => {
  let credentials: { distributorCode: string; appKey: string; secret: string };

  beforeAll(async () => {
    const creds = await seedDemoData(testDb(), { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'generated-client-')), log: () => {} });
    const d = creds.distributors.find((x) => x.code === 'D0002')!;
    credentials = { distributorCode: d.code, appKey: d.key, secret: d.secret };
  });

  it('is generated from the document as it is now (npm run openapi:types)', async () => {
    expect(fs.readFileSync(path.join(EXAMPLE_DIR, 'schema.d.ts'), 'utf8')).toBe(await generatedSchemaTypes());
  });

  it('type-checks on its own (tsc with the example tsconfig)', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', path.join(EXAMPLE_DIR, 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('plays the worked example: DEMO-A × 2 takes stock 100 → 98, payment debits 21.00, a forbidden step is a typed error', async () => {
    const client = hubClient({ baseUrl: BASE_URL, credentials, fetch: inProcessFetch() });
    const result = await playWorkedExample(client, 'M20261130001');
    expect(result.product).toMatchObject({ skuCode: 'DEMO-A', supplyPrice: 1000, serviceFeeBps: 500, agreedPrice: 1050, minQuantity: 2 });
    expect(result.created).toBe(true);
    expect(result.order).toMatchObject({ mallOrderNo: 'M20261130001', status: 'pending_payment', totalAmount: 2100 });
    expect([result.stockBefore, result.stockAfter]).toEqual([100, 98]);
    expect(result.paid.status).toBe('paid');
    expect(result.balanceBefore - result.balanceAfter).toBe(2100);
    expect(result.cancelAfterPay).toMatchObject({ status: 409, error: { code: 'INVALID_STATE' } });

    // The same mallOrderNo again is the same order (idempotent), not a second reservation.
    const again = await client.POST('/orders', {
      body: { mallOrderNo: 'M20261130001', items: [{ skuCode: 'DEMO-A', quantity: 2 }], receiver: result.order.receiver },
    });
    expect(again.response.status).toBe(200);
    expect(again.data?.data.orderNo).toBe(result.order.orderNo);
  });

  it('signs what it sends: a wrong secret is refused with BAD_SIGNATURE', async () => {
    const client = hubClient({ baseUrl: BASE_URL, credentials: { ...credentials, secret: 'not-the-secret' }, fetch: inProcessFetch() });
    const { error, response } = await client.GET('/balance');
    expect(response.status).toBe(401);
    expect(error?.error.code).toBe('BAD_SIGNATURE');
  });
});
