/**
 * Hot product: signed order creation on DEMO-FLASH through the real app over HTTP, from 32
 * connections for 10 s, and beside it, in the same run and on the same PostgreSQL server,
 * PostgreSQL's own rate for a conditional one-row decrement at the same concurrency
 * (pgbench). The ratio says how close a whole order (signature, nonce, rate limit, checks,
 * order rows, audit, reservation, announcement) comes to the bare row update that bounds
 * any design that takes one commit per order on the product's row.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { signRequest, type Credentials } from '@/mall-client';
import { createDb } from '@/server/db/client';
import { distributors, products } from '@/server/db/schema';
import type { BenchEnv } from './env';
import { load } from './lib/load';
import { describeLoad, measuringLoad } from './lib/machine';
import { fmt, type Section } from './lib/report';

const CONNECTIONS = 32;
const WARMUP_MS = 3_000;
const DURATION_MS = 10_000;

export async function hotProductBench(env: BenchEnv): Promise<Section> {
  const db = createDb(env.url, { max: 2 });
  // Measure orders, not the rate limiter: both demo malls get a bucket they cannot empty.
  await db.update(distributors).set({ rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000 });
  const [flash] = await db.select().from(products).where(eq(products.skuCode, 'DEMO-FLASH'));
  const server = await env.startApp({ RUN_WORKER: process.env.BENCH_WORKER ?? 'true' });
  try {
    const malls: Credentials[] = env.creds.distributors.map((d) => ({ distributorCode: d.code, appKey: d.key, secret: d.secret }));
    console.log(`Hot product: warming up for ${WARMUP_MS / 1000} s…`);
    await orderLoad(server.port, malls, flash.id, WARMUP_MS, 'W');
    console.log(`Hot product: signed POST /api/open/v1/orders on DEMO-FLASH, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s…`);
    const { result: app, load: orderMachine } = await measuringLoad(() => orderLoad(server.port, malls, flash.id, DURATION_MS, 'B'), env.ours);
    console.log(`  ${app.count} orders created: ${app.perSecond.toFixed(0)}/s, p50 ${app.p50.toFixed(1)} ms, p99 ${app.p99.toFixed(1)} ms, statuses ${JSON.stringify(app.statuses)}`);

    // Exactness: every unit that left the stock is in an order, and no order lacks its unit.
    await new Promise((r) => setTimeout(r, 200));
    const [check] = await db.execute<{ orders: number; units: number; stock: number }>(sql`
      select (select count(*) from orders)::int as orders,
             (select coalesce(sum(quantity), 0) from order_items where product_id = ${flash.id})::int as units,
             (select stock from products where id = ${flash.id}) as stock`);
    const exact = check.stock + check.units === flash.stock;
    console.log(`  stock ${flash.stock} → ${check.stock}, ${check.units} units in ${check.orders} orders: ${exact ? 'exact' : 'NOT EXACT'}`);

    // The app stays up (idle) so that both numbers come from the same PostgreSQL in the same state.
    console.log(`pgbench: UPDATE products SET stock = stock - 1 WHERE id = DEMO-FLASH AND stock >= 1, ${CONNECTIONS} clients, ${DURATION_MS / 1000} s…`);
    const { result: raw, load: pgbenchMachine } = await measuringLoad(async () => pgbench(env.url, flash.id), env.ours);
    console.log(`  ${raw.toFixed(0)} decrements/s`);
    const ratio = app.perSecond / raw;
    console.log(`Ratio: ${ratio.toFixed(3)} (goal ≥ 0.5)`);
    return {
      title: 'Hot product: signed orders against PostgreSQL’s one-row decrement',
      command: '`npm run bench -- hot`',
      load: `during the orders ${describeLoad(orderMachine)}; during pgbench ${describeLoad(pgbenchMachine)}`,
      figures: [
        { measure: `signed \`POST /orders\` of one DEMO-FLASH, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s`, result: `${fmt(app.perSecond)} orders/s`, goal: '', met: null },
        { measure: `pgbench \`UPDATE products SET stock = stock - 1 WHERE id = … AND stock >= 1\`, ${CONNECTIONS} clients, same server`, result: `${fmt(raw)} decrements/s`, goal: '', met: null },
        { measure: 'hot product: orders ÷ pgbench decrements', result: `**${ratio.toFixed(2)}**`, goal: '≥ 0.5', met: ratio >= 0.5 },
        { measure: 'hot product: order latency p99 (p50)', result: `**${app.p99.toFixed(0)} ms** (${app.p50.toFixed(0)} ms)`, goal: '< 100 ms', met: app.p99 < 100 },
        {
          measure: 'hot product: stock exact (stock + units ordered = stock before), every answer 201',
          result: `${exact ? 'exact' : '**not exact**'}; ${JSON.stringify(app.statuses)}`,
          goal: 'exact, all 201',
          met: exact && Object.keys(app.statuses).every((s) => s === '201'),
        },
      ],
    };
  } finally {
    await server.stop();
    await db.$client.end();
  }
}

/** Signed order creations of one DEMO-FLASH each, the connections spread over the malls. */
function orderLoad(port: number, malls: Credentials[], productId: number, durationMs: number, tag: string) {
  let seq = 0;
  return load(port, { connections: CONNECTIONS, durationMs, okStatus: 201 }, (c) => {
    const body = JSON.stringify({
      mallOrderNo: `${tag}${c}-${++seq}`,
      items: [{ productId, quantity: 1 }],
      receiver: { name: '压测', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号' },
    });
    const headers = { ...signRequest(malls[c % malls.length], { method: 'POST', pathAndQuery: '/api/open/v1/orders', body }), 'content-type': 'application/json' };
    return { method: 'POST', path: '/api/open/v1/orders', headers, body };
  });
}

function pgbench(url: string, productId: number): number {
  const script = path.join(os.tmpdir(), `decrement-${process.pid}.sql`);
  fs.writeFileSync(script, 'UPDATE products SET stock = stock - 1 WHERE id = :product_id AND stock >= 1;\n');
  const binary = ['pgbench', '/usr/lib/postgresql/15/bin/pgbench'].find((b) => spawnSync(b, ['--version']).status === 0);
  if (!binary) throw new Error('pgbench is not installed (apt-get install postgresql-client)');
  const run = spawnSync(binary, ['-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(DURATION_MS / 1000), '-D', `product_id=${productId}`, '-f', script, url], {
    encoding: 'utf8',
  });
  fs.rmSync(script, { force: true });
  const tps = /tps = ([\d.]+)/.exec(run.stdout);
  if (run.status !== 0 || !tps) throw new Error(`pgbench failed:\n${run.stdout}\n${run.stderr}`);
  return Number(tps[1]);
}

