/**
 * The staff product list (`listProductsForStaff`, behind /admin/products and
 * `admin.products.list`) over the bench's catalog: one page of 20 rows with its total count,
 * as the page asks for it, for the searches, filters and sorts staff use. Median and 95th
 * percentile of RUNS runs after 3 warm-up runs, called in-process (the query is what is
 * measured). And the CSV export of the whole pool, as context.
 */
import { performance } from 'node:perf_hooks';
import { createDb } from '@/server/db/client';
import { exportProductsCsv } from '@/server/domain/catalog/csv';
import { listProductsForStaff } from '@/server/domain/catalog/product-list';
import { productListInput } from '@/server/domain/catalog/schemas';
import type { SeededCatalog } from './catalog-seed';
import type { BenchEnv } from './env';
import { percentile } from './lib/load';
import { describeLoad, measuringLoad } from './lib/machine';
import { fmt, type Section } from './lib/report';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const GOAL_MS = 150;

export async function productListBench(env: BenchEnv, catalog: SeededCatalog, products: number): Promise<Section> {
  const db = createDb(env.url, { max: 4, applicationName: 'bench-product-list' });
  try {
    const ctx = { db, actor: { kind: 'staff' as const, userId: 1 } };
    const cases: [string, Record<string, unknown>][] = [
      ['first page, newest changes first (default)', {}],
      ['page 2,000 of 20 (offset 39,980)', { page: 2000 }],
      ['search title "蓝牙耳机" (~8% match)', { q: '蓝牙耳机' }],
      [`search title, rare ("${catalog.rareTitle}")`, { q: catalog.rareTitle }],
      ['search SKU substring "B-00421"', { q: 'B-00421' }],
      ['filter status = in review', { status: 'pending_review' }],
      ['filter top-level category (with subcategories)', { categoryId: catalog.topCategoryIds[0] }],
      ['filter brand + one supplier', { brandId: catalog.brandId, owner: catalog.supplierId }],
      ['platform products, by supply price', { owner: 'platform', sort: 'supplyPrice', dir: 'desc' }],
      ['search + status + sort by stock', { q: '充电', status: 'on_sale', sort: 'stock', dir: 'asc' }],
    ];
    const rows: string[] = [];
    let slowest = { label: '', p95: 0 };
    console.log(`Staff product list over ${products} products, ${RUNS} runs per query…`);
    const { load } = await measuringLoad(async () => {
      for (const [label, filters] of cases) {
        const input = productListInput.parse(filters);
        const times: number[] = [];
        let total = 0;
        for (let i = 0; i < RUNS + 3; i++) {
          const t0 = performance.now();
          const result = await listProductsForStaff(ctx, input);
          if (i >= 3) times.push(performance.now() - t0); // the first runs warm the cache
          total = result.total;
        }
        times.sort((a, b) => a - b);
        const p95 = percentile(times, 0.95);
        if (p95 > slowest.p95) slowest = { label, p95 };
        rows.push(`| ${label} | ${fmt(total)} | ${percentile(times, 0.5).toFixed(1)} | ${p95.toFixed(1)} |`);
        console.log(`  ${label}: ${total} rows, median ${percentile(times, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
      }
    }, env.ours);

    const t0 = performance.now();
    let bytes = 0;
    for await (const chunk of exportProductsCsv(ctx, productListInput.parse({}), 'zh')) bytes += Buffer.byteLength(chunk);
    const exportSeconds = (performance.now() - t0) / 1000;
    console.log(`  CSV export: ${exportSeconds.toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB`);

    return {
      title: 'Staff product list',
      command: '`npm run bench -- list`',
      load: describeLoad(load),
      figures: [
        { measure: `staff product list, slowest p95 of ${cases.length} queries over ${fmt(products)} products`, result: `**${slowest.p95.toFixed(0)} ms** (${slowest.label})`, goal: `≤ ${GOAL_MS} ms`, met: slowest.p95 <= GOAL_MS },
        { measure: 'CSV export of the whole pool (streamed in batches of 1,000)', result: `${exportSeconds.toFixed(1)} s for ${(bytes / 1e6).toFixed(1)} MB`, goal: '', met: null },
      ],
      details: [
        `One page of 20 rows with its total count, ${RUNS} runs after 3 warm-up runs, in-process:`,
        '',
        '| query | matching products | median ms | p95 ms |',
        '|---|---:|---:|---:|',
        ...rows,
      ],
    };
  } finally {
    await db.$client.end();
  }
}
