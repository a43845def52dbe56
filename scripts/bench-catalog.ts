/**
 * `npm run bench:catalog`: seeds 100,000 products into a throwaway embedded PostgreSQL (or
 * BENCH_DATABASE_URL, an empty database) and times the staff product list — the query
 * behind /admin/products — for the searches, filters and sorts staff use, plus the CSV
 * export of the whole pool. Writes the figures under "## Catalog" in BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { exportProductsCsv } from '@/server/domain/catalog/csv';
import { listProductsForStaff } from '@/server/domain/catalog/product-list';
import { productListInput } from '@/server/domain/catalog/schemas';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

async function main() {
  let url = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  let dir: string | undefined;
  if (!url) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-catalog-'));
    const pg = await startEmbeddedPostgres({ dataDir: dir, database: 'bench', ephemeral: true });
    url = pg.url;
    stop = () => pg.stop();
  }
  try {
    await migrateDatabase(url);
    const db = createDb(url, { max: 4, applicationName: 'bench-catalog' });
    const seeded = performance.now();
    await seed(db);
    console.log(`seeded ${PRODUCTS} products in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

    const ctx = { db, actor: { kind: 'staff' as const, userId: 1 } };
    const [{ top }] = await db.execute<{ top: number }>(sql`SELECT id AS top FROM categories WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
    // One product's full title: a search that finds a handful among 100,000.
    const [{ title: rare }] = await db.execute<{ title: string }>(sql`SELECT title FROM products WHERE sku_code = 'B-0004242'`);
    const cases: [string, Record<string, unknown>][] = [
      ['first page, newest changes first (default)', {}],
      ['page 2,000 of 20 (offset 39,980)', { page: 2000 }],
      ['search title "蓝牙耳机" (~8% match)', { q: '蓝牙耳机' }],
      [`search title, rare ("${rare}")`, { q: rare }],
      ['search SKU substring "B-00421"', { q: 'B-00421' }],
      ['filter status = in review', { status: 'pending_review' }],
      ['filter top-level category (with subcategories)', { categoryId: top }],
      ['filter brand + one supplier', { brandId: 3, owner: 3 }],
      ['platform products, by supply price', { owner: 'platform', sort: 'supplyPrice', dir: 'desc' }],
      ['search + status + sort by stock', { q: '充电', status: 'on_sale', sort: 'stock', dir: 'asc' }],
    ];
    const rows: string[] = [];
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
      const median = times[Math.floor(times.length / 2)];
      const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))];
      rows.push(`| ${label} | ${total.toLocaleString('en-US')} | ${median.toFixed(1)} | ${p95.toFixed(1)} |`);
      console.log(`${label}: ${total} rows, median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    }

    const t0 = performance.now();
    let bytes = 0;
    for await (const chunk of exportProductsCsv(ctx, productListInput.parse({}), 'zh')) bytes += Buffer.byteLength(chunk);
    const exportSeconds = (performance.now() - t0) / 1000;
    console.log(`CSV export of all ${PRODUCTS} products: ${exportSeconds.toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB`);

    await db.$client.end();
    writeResults(rows, exportSeconds, bytes);
  } finally {
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** 110 categories (10 × 10 under 10 tops), 50 brands, 20 suppliers, PRODUCTS products. */
async function seed(db: ReturnType<typeof createDb>) {
  await db.execute(sql`INSERT INTO categories (name, sort_order) SELECT '顶级类目' || g, g FROM generate_series(1, 10) g`);
  await db.execute(sql`INSERT INTO categories (name, parent_id, sort_order) SELECT '子类目' || p.id || '-' || g, p.id, g FROM categories p, generate_series(1, 10) g`);
  await db.execute(sql`INSERT INTO brands (name) SELECT '品牌' || g FROM generate_series(1, 50) g`);
  await db.execute(sql`INSERT INTO suppliers (name) SELECT '供应商' || g FROM generate_series(1, 20) g`);
  // Titles from a small vocabulary, so that searches match realistic shares of the pool.
  await db.execute(sql`
    WITH words AS (SELECT ARRAY['蓝牙耳机','保温杯','坚果礼盒','充电宝','洗发水','面膜','收纳箱','炒锅','矿泉水','咖啡液','数据线','牛轧糖'] AS w),
    leaves AS (SELECT array_agg(id ORDER BY id) AS ids FROM categories WHERE parent_id IS NOT NULL)
    INSERT INTO products (sku_code, title, category_id, brand_id, owner_supplier_id, stock, cost_price, supply_price, supplier_cost_price, status, updated_at, created_at)
    SELECT 'B-' || lpad(g::text, 7, '0'),
           w[1 + (g * 7) % 12] || ' ' || lpad((g % 1000)::text, 4, '0') || '款',
           leaves.ids[1 + g % 100],
           1 + g % 50,
           CASE WHEN g % 3 = 0 THEN 1 + g % 20 END,
           g % 500,
           100 + g % 10000,
           CASE WHEN g % 3 = 0 AND g % 17 = 0 THEN NULL ELSE 200 + g % 20000 END,
           CASE WHEN g % 3 = 0 THEN 50 + g % 5000 END,
           (CASE WHEN g % 3 = 0 AND g % 17 = 0 THEN 'pending_review' WHEN g % 11 = 0 THEN 'off_shelf' WHEN g % 13 = 0 THEN 'sold_out' ELSE 'on_sale' END)::product_status,
           now() - (g || ' seconds')::interval,
           now() - (g || ' seconds')::interval
    FROM generate_series(1, ${PRODUCTS}) g, words, leaves`);
  await db.execute(sql`ANALYZE`);
}

function writeResults(rows: string[], exportSeconds: number, bytes: number) {
  const file = path.join(process.cwd(), 'BENCHMARKS.md');
  const section = [
    '## Catalog',
    '',
    `The staff product list (\`listProductsForStaff\`, behind /admin/products and \`admin.products.list\`) over`,
    `${PRODUCTS.toLocaleString('en-US')} products (a third of them owned by 20 suppliers, 110 categories, 50 brands): one page of 20`,
    `rows with its total count, as the page asks for it. Median and 95th percentile of ${RUNS} runs after 3 warm-up runs.`,
    '',
    `Machine: 2 cores, 24 GiB RAM, PostgreSQL 18 (embedded, ephemeral settings), Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
    'Command: `npm run bench:catalog` (BENCH_PRODUCTS, BENCH_RUNS and BENCH_DATABASE_URL override the defaults).',
    '',
    '| query | matching products | median ms | p95 ms |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `CSV export of the whole pool (\`exportProductsCsv\`, streamed in batches of 1,000): ${exportSeconds.toFixed(1)} s for ${(bytes / 1e6).toFixed(1)} MB.`,
    '',
  ].join('\n');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\nMeasured, never asserted in tests (the machines are shared). Each section says how to run it.\n\n';
  const start = text.indexOf('## Catalog');
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 1);
    text = text.slice(0, start) + section + (next >= 0 ? text.slice(next + 1) : '');
  } else {
    text = text.replace(/\n*$/, '\n\n') + section;
  }
  fs.writeFileSync(file, text);
  console.log(`written to ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
