import Papa from 'papaparse';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, products } from '@/server/db/schema';
import { exportProductsCsv } from '@/server/domain/catalog/csv';
import { productListInput } from '@/server/domain/catalog/schemas';
import { createCategory, createDistributorAccount } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';
import { catalogWorld, eventsFor, storedImage, supplierProductForm } from './helpers';

const HEADER = '货号,标题,类目,品牌,库存,起售数,成本价,供货价,运费,状态,属性,主图';

describe('CSV import and export of products', () => {
  let w: Awaited<ReturnType<typeof catalogWorld>>;
  let staff: ReturnType<typeof callerAs>['admin']['products'];
  let categoryPath: string;

  beforeAll(async () => {
    w = await catalogWorld();
    staff = callerAs(w.staff.identity).admin.products;
    const parent = await createCategory(w.db, { name: '食品饮料' });
    const child = await createCategory(w.db, { name: '休闲零食', parentId: parent.id });
    categoryPath = '食品饮料/休闲零食';
    await callerAs(w.staff.identity).admin.catalog.attributes.create({ name: '规格', values: ['30包', '500g'], categoryIds: [child.id] });
  });

  const productCount = async () => (await w.db.select({ n: count() }).from(products).where(isNull(products.ownerSupplierId)))[0].n;

  it('reports every bad row with its line and column, and writes nothing at all', async () => {
    const supplierProduct = await callerAs(w.supplierA.identity).supplier.products.create(supplierProductForm(w.category.id, w.brand.id));
    const csv = [
      HEADER,
      `CSV-OK-1,好的商品,${categoryPath},${w.brand.name},10,1,5.00,10.00,0,在售,规格=30包,`,
      `CSV-BAD-1,,${categoryPath},${w.brand.name},10,1,5.00,10.00,0,在售,,`, // no title
      `CSV-BAD-2,价格错,${categoryPath},${w.brand.name},10,1,5.5.0,10.00,0,在售,,`, // bad money
      `CSV-BAD-3,类目错,不存在的类目,${w.brand.name},10,1,5.00,10.00,0,在售,,`,
      `CSV-BAD-4,品牌错,${categoryPath},没有这个品牌,10,1,5.00,10.00,0,在售,,`,
      `CSV-OK-1,重复货号,${categoryPath},${w.brand.name},10,1,5.00,10.00,0,在售,,`,
      `${supplierProduct.skuCode},供应商的,${categoryPath},${w.brand.name},10,1,5.00,10.00,0,在售,,`,
      `CSV-BAD-5,属性错,${categoryPath},${w.brand.name},10,1,5.00,10.00,0,在售,规格=1kg,`,
      `CSV-BAD-6,库存错,${categoryPath},${w.brand.name},-1,0,5.00,10.00,0,卖光了,,`,
      `CSV-BAD-7,图片错,${categoryPath},${w.brand.name},1,1,5.00,10.00,0,在售,,product/202601/0123456789abcdef0123456789abcdef.png`,
    ].join('\n');
    const before = await productCount();
    const result = await staff.importCsv({ csv });
    expect(result.ok).toBe(false);
    expect(result.rows).toBe(10);
    expect({ created: result.created, updated: result.updated }).toEqual({ created: 0, updated: 0 });
    const byLine = (line: number) => result.errors.filter((e) => e.line === line).map((e) => `${e.column}:${e.code}`);
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual(['title:required']);
    expect(byLine(4)).toEqual(['costPrice:invalid_money']);
    expect(byLine(5)).toEqual(['category:unknown_category']);
    expect(byLine(6)).toEqual(['brand:unknown_brand']);
    expect(byLine(7)).toEqual(['skuCode:duplicate_in_file']);
    expect(byLine(8)).toEqual(['skuCode:supplier_product']);
    expect(byLine(9)).toEqual(['attributes:attribute_not_allowed']);
    expect(byLine(10).sort()).toEqual(['minQuantity:invalid_integer', 'status:invalid_status', 'stock:invalid_integer']);
    expect(byLine(11)).toEqual(['images:unknown_image']);
    expect(await productCount()).toBe(before);
  });

  it('refuses a file without the required columns, or without rows', async () => {
    const noColumns = await staff.importCsv({ csv: '货号,标题\nX,Y' });
    expect(noColumns.ok).toBe(false);
    expect(noColumns.errors.map((e) => e.column).sort()).toEqual(['brand', 'category', 'costPrice', 'supplyPrice']);
    expect((await staff.importCsv({ csv: HEADER })).errors[0].code).toBe('no_rows');
  });

  it('checks without writing on a dry run, then imports everything in one go', async () => {
    await createDistributorAccount(w.db);
    const image = await storedImage(w.staff.ctx);
    const csv = [
      HEADER,
      `CSV-NEW-1,每日坚果,${categoryPath},${w.brand.name},100,2,42.00,59.00,8,在售,规格=30包,${image}`,
      `CSV-NEW-2,芒果干,${categoryPath},${w.brand.name},0,1,15,22.9,,已下架,,`,
    ].join('\r\n');
    const before = await productCount();
    const dry = await staff.importCsv({ csv, dryRun: true });
    expect(dry).toMatchObject({ ok: true, dryRun: true, rows: 2, created: 2, updated: 0, errors: [] });
    expect(await productCount()).toBe(before);

    const done = await staff.importCsv({ csv });
    expect(done).toMatchObject({ ok: true, dryRun: false, created: 2, updated: 0 });
    const [p1] = await w.db.select().from(products).where(eq(products.skuCode, 'CSV-NEW-1'));
    expect(p1).toMatchObject({ title: '每日坚果', stock: 100, minQuantity: 2, costPrice: 4200, supplyPrice: 5900, freight: 800, status: 'on_sale', attributes: [{ name: '规格', value: '30包' }], images: [image] });
    const [p2] = await w.db.select().from(products).where(eq(products.skuCode, 'CSV-NEW-2'));
    expect(p2).toMatchObject({ costPrice: 1500, supplyPrice: 2290, freight: 0, stock: 0, status: 'off_shelf' });
    expect((await eventsFor(p1.id)).map((e) => e.type)).toContain('product.updated');
    expect(await eventsFor(p2.id)).toEqual([]);
    const audits = await w.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'product'), eq(auditLog.entityId, String(p1.id))));
    expect(audits[0]).toMatchObject({ action: 'product.create', actorUserId: w.staff.userId, detail: { via: 'csv' } });
  });

  it('updates known platform products by SKU code: version moves, stock changes are audited, restock ends sold out', async () => {
    const [p] = await w.db.select().from(products).where(eq(products.skuCode, 'CSV-NEW-1'));
    await w.db.update(products).set({ status: 'sold_out', stock: 0 }).where(eq(products.id, p.id));
    const csv = [HEADER, `CSV-NEW-1,每日坚果（新）,${categoryPath},${w.brand.name},30,,42.00,61.00,,,,`].join('\n');
    expect(await staff.importCsv({ csv })).toMatchObject({ ok: true, created: 0, updated: 1 });
    const [after] = await w.db.select().from(products).where(eq(products.id, p.id));
    expect(after).toMatchObject({ title: '每日坚果（新）', stock: 30, supplyPrice: 6100, status: 'on_sale', minQuantity: 2, freight: 800, attributes: [{ name: '规格', value: '30包' }] });
    expect(after.version).toBeGreaterThan(p.version);
    const audit = await w.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'product'), eq(auditLog.entityId, String(p.id))));
    expect(audit.at(-1)!.detail).toMatchObject({ via: 'csv', from: 0, to: 30, reason: 'CSV import' });
  });

  it('rolls back every row when the database refuses one while writing', async () => {
    // A trigger stands in for any failure mid-write (a lost connection, a constraint).
    await w.db.execute(sql`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.sku_code = 'CSV-BOOM' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`);
    await w.db.execute(sql`CREATE TRIGGER refuse_boom BEFORE INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION refuse_boom()`);
    try {
      const [known] = await w.db.select().from(products).where(eq(products.skuCode, 'CSV-NEW-2'));
      const before = await productCount();
      const rows = [`CSV-NEW-2,芒果干（改）,${categoryPath},${w.brand.name},5,1,15,22.9,,已下架,,`];
      for (let i = 0; i < 600; i++) rows.push(`CSV-MANY-${i},批量${i},${categoryPath},${w.brand.name},1,1,1,2,,在售,,`);
      rows.push(`CSV-BOOM,炸,${categoryPath},${w.brand.name},1,1,1,2,,在售,,`);
      await expect(staff.importCsv({ csv: [HEADER, ...rows].join('\n') })).rejects.toThrow();
      expect(await productCount()).toBe(before);
      const [after] = await w.db.select().from(products).where(eq(products.id, known.id));
      expect(after).toEqual(known);
    } finally {
      await w.db.execute(sql`DROP TRIGGER refuse_boom ON products`);
      await w.db.execute(sql`DROP FUNCTION refuse_boom()`);
    }
  });

  it('exports what the list shows, in a form the import takes back unchanged', async () => {
    let csv = '';
    for await (const chunk of exportProductsCsv(w.staff.ctx, productListInput.parse({ owner: 'platform', q: 'CSV-NEW' }), 'zh')) csv += chunk;
    expect(csv.startsWith('\uFEFF货号,标题,类目,品牌')).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(3);
    const row1 = rows.find((r) => r[0] === 'CSV-NEW-1')!;
    expect(row1.slice(0, 11)).toEqual(['CSV-NEW-1', '每日坚果（新）', categoryPath, w.brand.name, '30', '2', '42.00', '61.00', '8.00', '在售', '规格=30包']);
    expect(row1[13]).toBe('自营');

    const versions = await w.db.select({ v: products.version }).from(products).where(eq(products.skuCode, 'CSV-NEW-2'));
    const back = await staff.importCsv({ csv });
    expect(back).toMatchObject({ ok: true, created: 0, updated: 2 });
    const [p2] = await w.db.select().from(products).where(eq(products.skuCode, 'CSV-NEW-2'));
    expect(p2).toMatchObject({ title: '芒果干', costPrice: 1500, supplyPrice: 2290, status: 'off_shelf' });
    expect(p2.version).toBe(versions[0].v + 1);
  });

  it('exports English headers for English users, and the filters apply', async () => {
    let csv = '';
    for await (const chunk of exportProductsCsv(w.staff.ctx, productListInput.parse({ status: 'off_shelf', q: 'CSV-NEW' }), 'en')) csv += chunk;
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0][0]).toBe('SKU code');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['CSV-NEW-2']);
    expect(rows[1][9]).toBe('Off shelf');
  });
});
