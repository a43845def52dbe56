/**
 * The benches' catalog: PRODUCTS products over 110 new categories (10 top-level × 10
 * subcategories), 50 brands and 20 suppliers (a third of the products are theirs), beside
 * whatever the database holds already (the demo data). Titles come from a small
 * vocabulary so that searches match realistic shares of the pool; statuses are mixed
 * (on sale, off shelf, sold out, in review).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/server/db/client';

export type SeededCatalog = { topCategoryIds: number[]; brandId: number; supplierId: number; rareTitle: string };

export async function seedCatalog(db: Db, count: number): Promise<SeededCatalog> {
  const tops = await db.execute<{ id: number }>(sql`INSERT INTO categories (name, sort_order) SELECT '压测类目' || g, 100 + g FROM generate_series(1, 10) g RETURNING id`);
  const topIds = tops.map((t) => t.id);
  await db.execute(sql`INSERT INTO categories (name, parent_id, sort_order) SELECT '压测子类目' || p || '-' || g, p, g FROM unnest(${pgArray(topIds)}::int[]) p, generate_series(1, 10) g`);
  const brandRows = await db.execute<{ id: number }>(sql`INSERT INTO brands (name) SELECT '压测品牌' || g FROM generate_series(1, 50) g RETURNING id`);
  const supplierRows = await db.execute<{ id: number }>(sql`INSERT INTO suppliers (name) SELECT '压测供应商' || g FROM generate_series(1, 20) g RETURNING id`);
  const brandIds = brandRows.map((b) => b.id);
  const supplierIds = supplierRows.map((s) => s.id);
  await db.execute(sql`
    WITH words AS (SELECT ARRAY['蓝牙耳机','保温杯','坚果礼盒','充电宝','洗发水','面膜','收纳箱','炒锅','矿泉水','咖啡液','数据线','牛轧糖'] AS w),
    leaves AS (SELECT array_agg(id ORDER BY id) AS ids FROM categories WHERE parent_id = ANY(${pgArray(topIds)}::int[])),
    brand_ids AS (SELECT ${pgArray(brandIds)}::int[] AS ids),
    supplier_ids AS (SELECT ${pgArray(supplierIds)}::int[] AS ids)
    INSERT INTO products (sku_code, title, category_id, brand_id, owner_supplier_id, stock, cost_price, supply_price, supplier_cost_price, status, images, updated_at, created_at)
    SELECT 'B-' || lpad(g::text, 7, '0'),
           w[1 + (g * 7) % 12] || ' ' || lpad((g % 1000)::text, 4, '0') || '款',
           leaves.ids[1 + g % 100],
           brand_ids.ids[1 + g % 50],
           CASE WHEN g % 3 = 0 THEN supplier_ids.ids[1 + g % 20] END,
           g % 500,
           100 + g % 10000,
           CASE WHEN g % 3 = 0 AND g % 17 = 0 THEN NULL ELSE 200 + g % 20000 END,
           CASE WHEN g % 3 = 0 THEN 50 + g % 5000 END,
           (CASE WHEN g % 3 = 0 AND g % 17 = 0 THEN 'pending_review' WHEN g % 11 = 0 THEN 'off_shelf' WHEN g % 13 = 0 THEN 'sold_out' ELSE 'on_sale' END)::product_status,
           jsonb_build_array('products/bench/' || g || '-1.jpg', 'products/bench/' || g || '-2.jpg'),
           now() - (g || ' seconds')::interval,
           now() - (g || ' seconds')::interval
    FROM generate_series(1, ${count}) g, words, leaves, brand_ids, supplier_ids`);
  // The pool as a database holds it long after an import, not in the minutes after one: its
  // rows vacuumed (hint bits set, the visibility map written) and flushed to disk, as
  // autovacuum and the checkpointer leave them in due course. Otherwise the first syncs pay
  // for setting 100,000 rows' hint bits and run beside autovacuum's pass and the checkpoint
  // the load's WAL set off.
  await db.execute(sql`VACUUM (ANALYZE) products`);
  await db.execute(sql`ANALYZE`);
  await db.execute(sql`CHECKPOINT`);
  // One product's full title: a search that finds a handful among them all.
  const [{ title }] = await db.execute<{ title: string }>(sql`SELECT title FROM products WHERE sku_code = ${`B-${String(Math.min(4242, count)).padStart(7, '0')}`}`);
  return { topCategoryIds: topIds, brandId: brandIds[2], supplierId: supplierIds[2], rareTitle: title };
}

/** An int[] as one parameter (drizzle would spread a JavaScript array into a list). */
const pgArray = (ids: number[]) => `{${ids.join(',')}}`;
